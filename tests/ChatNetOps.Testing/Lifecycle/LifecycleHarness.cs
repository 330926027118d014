namespace ChatNetOps.Testing.Lifecycle;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation;
using ChatNetOps.Conversation.Dialog;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Channels;
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
/// The real request lifecycle with the conversation layer over it: the shipped inventory and cards, SQLite in a temp
/// file, the lab executor, a fake clock. Nothing runs in the background: the test runs each job and feeds each result
/// message to the notifier, so every step is observable. Core tests drive the services (<see cref="Submit"/>,
/// <see cref="Decisions"/>, <see cref="Sweeper"/>, <see cref="Runner"/>); dialog tests speak through
/// <see cref="SayAsync"/> and <see cref="PressAsync"/>.
/// </summary>
public sealed class LifecycleHarness : IAsyncDisposable
{
    /// <summary>The console conversation tests speak in unless they name another.</summary>
    public const string Conversation = "console-1";

    private readonly string _directory;

    private LifecycleHarness(string directory, ServiceProvider services, FakeTimeProvider time, CollectingChannel console, CollectingChannel slack)
    {
        _directory = directory;
        Services = services;
        Time = time;
        Console = console;
        Slack = slack;
    }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public SubmitService Submit => Services.GetRequiredService<SubmitService>();

    public DecisionService Decisions => Services.GetRequiredService<DecisionService>();

    public RequestSweeper Sweeper => Services.GetRequiredService<RequestSweeper>();

    public IncidentService Incidents => Services.GetRequiredService<IncidentService>();

    public JobRunner Runner => Services.GetRequiredService<JobRunner>();

    public IJobQueue Jobs => Services.GetRequiredService<IJobQueue>();

    public IResultQueue Results => Services.GetRequiredService<IResultQueue>();

    public IRequestStore Store => Services.GetRequiredService<IRequestStore>();

    public IRequestCardStore Cards => Services.GetRequiredService<IRequestCardStore>();

    public IDeviceLockStore Locks => Services.GetRequiredService<IDeviceLockStore>();

    public IOutputStore Outputs => Services.GetRequiredService<IOutputStore>();

    public IAuditLog Audit => Services.GetRequiredService<IAuditLog>();

    public InventoryCatalog Catalog => Services.GetRequiredService<InventoryCatalog>();

    public DialogService Dialog => Services.GetRequiredService<DialogService>();

    public ResultNotifier Notifier => Services.GetRequiredService<ResultNotifier>();

    /// <summary>What the bot posted and updated in console conversations.</summary>
    public CollectingChannel Console { get; }

    /// <summary>What the bot posted and updated in Slack conversations.</summary>
    public CollectingChannel Slack { get; }

    /// <param name="configure">Runs after the real registrations: a later <c>AddSingleton</c> replaces or decorates one.</param>
    /// <param name="settings">Configuration on top of the defaults (e.g. <c>Lab:Devices:…</c>, <c>Requests:…</c>).</param>
    /// <param name="inMemoryDisk">Put the SQLite file on /dev/shm when there is one (for tests that write a lot).</param>
    public static LifecycleHarness Create(Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null, bool inMemoryDisk = false)
    {
        var root = inMemoryDisk && Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var directory = Path.Combine(root, "chatnetops-lifecycle-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var values = new Dictionary<string, string?>
        {
            ["Inventory:Path"] = InventoryPaths.Resolve("inventory"),
            ["Storage:Sqlite:Path"] = Path.Combine(directory, "chatnetops.db"),
            ["Lab:Latency"] = "00:00:00",
            // A cleared OSPF neighbour is FULL again at once, so clear-ospf-neighbor's post-check holds at its first look;
            // tests about re-forming set a recovery time and move the clock.
            ["Lab:OspfRecovery"] = "00:00:00",
            ["Worker:WorkerId"] = "test-worker",
            ["Conversation:CardsDirectory"] = InventoryPaths.Resolve("cards"),

            // The test feeds each result to the notifier itself, cards posted or not: nothing waits for a card on the fake clock.
            ["Conversation:RequestCardWait"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var console = new CollectingChannel(ChatPlatform.Console);
        var slack = new CollectingChannel(ChatPlatform.Slack);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddChatNetOpsCore();
        services.AddChatNetOpsSqliteStorage();
        services.AddChatNetOpsExecution();
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName);
        services.AddSingleton<JobRunner>();
        services.AddChatNetOpsConversation();
        services.AddSingleton<IChatChannel>(console);
        services.AddSingleton<IChatChannel>(slack);
        configure?.Invoke(services);
        return new LifecycleHarness(directory, services.BuildServiceProvider(), time, console, slack);
    }

    /// <summary>A console user who is the policy member <paramref name="memberId"/>.</summary>
    public static Actor Person(string memberId) => new(ChatPlatform.Console, memberId, memberId);

    public static ConversationRef ConsoleConversation(string id = Conversation) => new(ChatPlatform.Console, id, ChannelKind.Console);

    /// <summary>A run command as the dialog builds it from a console line.</summary>
    public static RunCommand Run(string member, string runbook, string conversation = Conversation, string? incident = null, params (string Key, string Value)[] inputs) =>
        new(Person(member), null, ConsoleConversation(conversation), runbook, inputs.ToDictionary(i => i.Key, i => i.Value), incident);

    /// <summary>The text the chat would show for <paramref name="message"/> (its card rendered as plain text).</summary>
    public static string Render(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Card is null ? message.Text : PlainTextRenderer.Render(message.Card).Text;
    }

    public Task<DialogResult> SayAsync(string user, string text, ConversationRef? conversation = null) =>
        Dialog.HandleAsync(ChatEvent.Message(conversation ?? ConsoleConversation(), user, DisplayName(user), text), CancellationToken.None);

    public Task<DialogResult> PressAsync(string user, string verb, JsonObject data, ConversationRef? conversation = null, string? replyTo = null) =>
        Dialog.HandleAsync(ChatEvent.Press(conversation ?? ConsoleConversation(), user, DisplayName(user), new CardAction(verb, data, replyTo)), CancellationToken.None);

    /// <summary>Posts a result's request cards like an adapter would: send, then attach the message id.</summary>
    public async Task<string?> PostAsync(DialogResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string? last = null;
        foreach (var message in result.MessagesToAttach)
        {
            last = await Console.SendAsync(ConsoleConversation(), message, CancellationToken.None);
            await Dialog.AttachMessageAsync(message.RequestId!, last, null, CancellationToken.None);
        }

        return last;
    }

    public string DisplayName(string user) => Catalog.Policy.FindMemberById(user)?.DisplayName ?? user;

    /// <summary>Opens an incident bound to a console conversation, as its commander would.</summary>
    public async Task<Incident> OpenIncidentAsync(string id = "INC-4242", string conversation = Conversation, string by = "bob")
    {
        var outcome = await Incidents.OpenAsync(id, "OSPF flaps on distribution", 2, Person(by), null, ConsoleConversation(conversation), CancellationToken.None);
        return Assert.IsType<IncidentOutcome.Opened>(outcome).Incident;
    }

    /// <summary>dist-sw-01's first OSPF neighbour in the lab (router id), which clear-ospf-neighbor's pre-check finds.</summary>
    public const string LabNeighbour = "198.51.100.167";

    /// <summary>
    /// Bob asks to clear an OSPF neighbour on <paramref name="device"/> in the conversation of INC-4242 (opened here by
    /// him); a worker runs the pre-check (the neighbour is there) and the request waits for a second engineer.
    /// </summary>
    public async Task<RunRequest> AwaitApprovalAsync(string device = "dist-sw-01", string neighbor = LabNeighbour)
    {
        await OpenIncidentAsync();
        var outcome = await Submit.SubmitAsync(Run("bob", "clear-ospf-neighbor", inputs: [("device", device), ("neighbor", neighbor)]), CancellationToken.None);
        Assert.IsType<SubmitOutcome.PreChecking>(outcome);
        var checkedRequest = await RunNextJobAsync();
        Assert.Equal(RequestStatus.AwaitingApproval, checkedRequest.Status);
        Assert.True(checkedRequest.PreCheck!.Passed);
        return checkedRequest;
    }

    /// <summary><paramref name="by"/> approves <paramref name="requestId"/> in the conversation it was asked in; the approval must go through.</summary>
    public async Task<RunRequest> ApproveAsync(string requestId, string by = "carol")
    {
        var outcome = await Decisions.ApproveAsync(requestId, Person(by), null, ConsoleConversation(), CancellationToken.None);
        return Assert.IsType<DecisionOutcome.Approved>(outcome).Request;
    }

    /// <summary>
    /// Says a change whose runbook declares a pre-check (clear-ospf-neighbor), posts the answer as an adapter would, runs
    /// the pre-check job and feeds its result to the notifier, as the worker and the result consumer would: the request
    /// then waits for a decision with its approval card posted (or was refused by its check). Returns the request id.
    /// </summary>
    public async Task<string> SayAndPreCheckAsync(string user, string text, ConversationRef? conversation = null)
    {
        var asked = await SayAsync(user, text, conversation);
        var id = Assert.Single(asked.Messages).RequestId;
        Assert.NotNull(id);
        await PostAsync(asked);
        await RunNextJobAsync();
        await DrainResultsAsync();
        return id;
    }

    /// <summary>Takes the next job and runs it to the end, completing the queue message as the worker does.</summary>
    public async Task<RunRequest> RunNextJobAsync()
    {
        // Leased for longer than any post-check's retry window (at most 600 s), which a test may move the clock through.
        var lease = await Jobs.ReceiveAsync(TimeSpan.FromMinutes(15), TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(lease);
        Assert.Equal(JobDisposition.Complete, await Runner.ProcessAsync(lease, CancellationToken.None));
        Assert.True(await Jobs.CompleteAsync(lease, CancellationToken.None));
        return (await Store.GetAsync(lease.Message.RequestId, CancellationToken.None))!;
    }

    /// <summary>Whether a job is waiting (it is left on the queue).</summary>
    public async Task<bool> HasJobAsync()
    {
        var lease = await Jobs.ReceiveAsync(TimeSpan.FromSeconds(5), TimeSpan.Zero, CancellationToken.None);
        if (lease is null)
        {
            return false;
        }

        await Jobs.AbandonAsync(lease, CancellationToken.None);
        return true;
    }

    /// <summary>Feeds every queued result message to the notifier, as the background consumer would.</summary>
    public async Task DrainResultsAsync()
    {
        while (await Results.ReceiveAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero, CancellationToken.None) is { } lease)
        {
            await Notifier.ProcessAsync(lease.Message, CancellationToken.None);
            await Results.CompleteAsync(lease, CancellationToken.None);
        }
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

    /// <summary>Today's events that belong to no incident.</summary>
    public Task<List<AuditEvent>> DayEventsAsync() => EventsAsync(AuditPartitions.For(null, Time.GetUtcNow()));

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
