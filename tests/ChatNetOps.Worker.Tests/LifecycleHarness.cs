namespace ChatNetOps.Worker.Tests;

using ChatNetOps.Core;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Queues;
using ChatNetOps.Core.Requests;
using ChatNetOps.Core.Worker;
using ChatNetOps.Execution;
using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

/// <summary>
/// The real lifecycle: shipped inventory, SQLite stores in a temp file, the lab executor, a fake clock.
/// Jobs are run one at a time by the test instead of a background worker, so every step is observable.
/// </summary>
internal sealed class LifecycleHarness : IAsyncDisposable
{
    private readonly string _directory;

    private LifecycleHarness(string directory, ServiceProvider services, FakeTimeProvider time)
    {
        _directory = directory;
        Services = services;
        Time = time;
    }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public SubmitService Submit => Services.GetRequiredService<SubmitService>();

    public DecisionService Decisions => Services.GetRequiredService<DecisionService>();

    public RequestSweeper Sweeper => Services.GetRequiredService<RequestSweeper>();

    public IncidentService Incidents => Services.GetRequiredService<IncidentService>();

    public JobRunner Runner => Services.GetRequiredService<JobRunner>();

    public IJobQueue Jobs => Services.GetRequiredService<IJobQueue>();

    public IRequestStore Store => Services.GetRequiredService<IRequestStore>();

    public IDeviceLockStore Locks => Services.GetRequiredService<IDeviceLockStore>();

    public IOutputStore Outputs => Services.GetRequiredService<IOutputStore>();

    public IAuditLog Audit => Services.GetRequiredService<IAuditLog>();

    public InventoryCatalog Catalog => Services.GetRequiredService<InventoryCatalog>();

    public static LifecycleHarness Create(Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "chatnetops-lifecycle-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var values = new Dictionary<string, string?>
        {
            ["Inventory:Path"] = InventoryPaths.Resolve("inventory"),
            ["Storage:Sqlite:Path"] = Path.Combine(directory, "chatnetops.db"),
            ["Lab:Latency"] = "00:00:00",
            ["Worker:WorkerId"] = "test-worker",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddChatNetOpsCore();
        services.AddChatNetOpsSqliteStorage();
        services.AddChatNetOpsExecution();
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName);
        services.AddSingleton<JobRunner>();
        configure?.Invoke(services);
        return new LifecycleHarness(directory, services.BuildServiceProvider(), time);
    }

    public static Actor Person(string memberId) => new(ChatPlatform.Console, memberId, memberId);

    public static ConversationRef Console(string id = "console-1") => new(ChatPlatform.Console, id, ChannelKind.Console);

    public static RunCommand Run(string member, string runbook, string conversation = "console-1", string? incident = null, params (string Key, string Value)[] inputs) =>
        new(Person(member), null, Console(conversation), runbook, inputs.ToDictionary(i => i.Key, i => i.Value), incident);

    /// <summary>Takes the next job and runs it to the end, completing the queue message as the worker does.</summary>
    public async Task<RunRequest> RunNextJobAsync()
    {
        var lease = await Jobs.ReceiveAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(lease);
        var disposition = await Runner.ProcessAsync(lease, CancellationToken.None);
        Assert.Equal(JobDisposition.Complete, disposition);
        Assert.True(await Jobs.CompleteAsync(lease, CancellationToken.None));
        return (await Store.GetAsync(lease.Message.RequestId, CancellationToken.None))!;
    }

    public async Task<List<AuditEvent>> EventsAsync(string partition)
    {
        var events = new List<AuditEvent>();
        await foreach (var e in Audit.ReadAsync(partition, CancellationToken.None))
        {
            events.Add(e);
        }

        return events;
    }

    public Task<List<AuditEvent>> DayEventsAsync() => EventsAsync(AuditPartitions.For(null, Time.GetUtcNow()));

    public async Task<Incident> OpenIncidentAsync(string id = "INC-4242", string conversation = "console-1", string by = "bob")
    {
        var outcome = await Incidents.OpenAsync(id, "OSPF flaps on distribution", 2, Person(by), null, Console(conversation), CancellationToken.None);
        return Assert.IsType<IncidentOutcome.Opened>(outcome).Incident;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
