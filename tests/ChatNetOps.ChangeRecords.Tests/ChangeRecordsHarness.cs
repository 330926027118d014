namespace ChatNetOps.ChangeRecords.Tests;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Storage.Sqlite;
using ChatNetOps.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

/// <summary>
/// One "process": the SQLite stores over a file, the audit log with the outbox behind it, the sinks and the dispatcher,
/// wired by the same Add… methods as the hosts. Disposing it and building another over the same file is a restart.
/// </summary>
internal sealed class ChangeRecordsHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public ChangeRecordsHarness(string databasePath, FakeTimeProvider time, IDictionary<string, string?> settings, CollectingLoggerProvider logs, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>(settings) { ["Storage:Sqlite:Path"] = databasePath })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<TimeProvider>(time);
        services.AddChatNetOpsSqliteStorage();
        services.AddChatNetOpsChangeRecords(runDispatcher: false);
        configure?.Invoke(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Time = time;

        // What ValidateOnStart does in a host.
        _ = _services.GetRequiredService<IOptions<ChangeRecordOptions>>().Value;
    }

    public FakeTimeProvider Time { get; }

    public IAuditLog Audit => _services.GetRequiredService<IAuditLog>();

    public IChangeRecordStore Store => _services.GetRequiredService<IChangeRecordStore>();

    public IIncidentStore Incidents => _services.GetRequiredService<IIncidentStore>();

    public ChatNetOps.Core.Requests.IRequestStore Requests => _services.GetRequiredService<ChatNetOps.Core.Requests.IRequestStore>();

    public ChangeRecordDispatcher Dispatcher => _services.GetRequiredService<ChangeRecordDispatcher>();

    public Task<AuditEvent> RecordAsync(string incident, AuditKind kind, string? runbook = null, string? device = null, IReadOnlyDictionary<string, string>? details = null) =>
        Audit.AppendAsync(new AuditEntry(kind, TestData.Actor()) { Incident = incident, Runbook = runbook, Device = device, Details = details ?? new Dictionary<string, string>() }, CancellationToken.None);

    public async Task OpenIncidentAsync(string id, string title = "OSPF adjacency flapping in ams1")
    {
        await Incidents.TryCreateAsync(new Incident(id, title, 2, IncidentState.Open, TestData.Actor(), Time.GetUtcNow()), CancellationToken.None);
        await RecordAsync(id, AuditKind.IncidentOpened, details: new Dictionary<string, string> { ["title"] = title });
    }

    /// <summary>Runs dispatcher passes, moving the clock to each next due time, until nothing is pending (or the pass limit).</summary>
    public async Task<int> DrainAsync(int maxPasses = 500, CancellationToken cancellationToken = default)
    {
        for (var pass = 1; pass <= maxPasses; pass++)
        {
            var next = await Dispatcher.RunOnceAsync(cancellationToken);
            if (next is null)
            {
                return pass;
            }

            var wait = next.Value - Time.GetUtcNow();
            Time.Advance(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1));
        }

        throw new TimeoutException($"The outbox still had pending events after {maxPasses} passes.");
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
