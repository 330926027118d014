namespace ChatNetOps.Conversation.Tests.Dialog;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Dialog;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Conversation.Tests.Cards;
using ChatNetOps.Core;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Inventory;
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
/// The real conversation layer over the real lifecycle: shipped inventory, SQLite in a temp file, the lab executor,
/// a fake clock. Jobs and result messages are processed one at a time by the test, so every step is observable.
/// </summary>
internal sealed class DialogHarness : IAsyncDisposable
{
    public const string Conversation = "console-1";

    private readonly string _directory;

    private DialogHarness(string directory, ServiceProvider services, FakeTimeProvider time, CollectingChannel console, CollectingChannel slack)
    {
        _directory = directory;
        Services = services;
        Time = time;
        Console = console;
        Slack = slack;
    }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public DialogService Dialog => Services.GetRequiredService<DialogService>();

    public ResultNotifier Notifier => Services.GetRequiredService<ResultNotifier>();

    public IRequestStore Store => Services.GetRequiredService<IRequestStore>();

    public IJobQueue Jobs => Services.GetRequiredService<IJobQueue>();

    public IResultQueue Results => Services.GetRequiredService<IResultQueue>();

    public IAuditLog Audit => Services.GetRequiredService<IAuditLog>();

    public InventoryCatalog Catalog => Services.GetRequiredService<InventoryCatalog>();

    public CollectingChannel Console { get; }

    public CollectingChannel Slack { get; }

    /// <param name="inMemoryDisk">Put the SQLite file on /dev/shm when there is one (the fuzz test writes a lot).</param>
    public static DialogHarness Create(Action<IServiceCollection>? configure = null, bool inMemoryDisk = false)
    {
        var root = inMemoryDisk && Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var directory = Path.Combine(root, "chatnetops-dialog-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var values = new Dictionary<string, string?>
        {
            ["Inventory:Path"] = Path.Combine(RepoPaths.RepoRoot, "inventory"),
            ["Storage:Sqlite:Path"] = Path.Combine(directory, "chatnetops.db"),
            ["Lab:Latency"] = "00:00:00",
            ["Worker:WorkerId"] = "test-worker",
            ["Conversation:CardsDirectory"] = RepoPaths.CardsDirectory,
        };
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        configure?.Invoke(services);
        services.AddChatNetOpsCore();
        services.AddChatNetOpsSqliteStorage();
        services.AddChatNetOpsExecution();
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName);
        services.AddSingleton<JobRunner>();
        services.AddChatNetOpsConversation();
        var console = new CollectingChannel(ChatPlatform.Console);
        var slack = new CollectingChannel(ChatPlatform.Slack);
        services.AddSingleton<IChatChannel>(console);
        services.AddSingleton<IChatChannel>(slack);
        return new DialogHarness(directory, services.BuildServiceProvider(), time, console, slack);
    }

    public static ConversationRef ConsoleConversation(string id = Conversation) => new(ChatPlatform.Console, id, ChannelKind.Console);

    public Task<DialogResult> SayAsync(string user, string text, ConversationRef? conversation = null) =>
        Dialog.HandleAsync(ChatEvent.Message(conversation ?? ConsoleConversation(), user, DisplayName(user), text), CancellationToken.None);

    public Task<DialogResult> PressAsync(string user, string verb, JsonObject data, ConversationRef? conversation = null, string? replyTo = null) =>
        Dialog.HandleAsync(ChatEvent.Press(conversation ?? ConsoleConversation(), user, DisplayName(user), new CardAction(verb, data, replyTo)), CancellationToken.None);

    /// <summary>Posts a result's request cards like an adapter would: send, then attach the message id.</summary>
    public async Task<string?> PostAsync(DialogResult result)
    {
        string? last = null;
        foreach (var message in result.MessagesToAttach)
        {
            last = await Console.SendAsync(ConsoleConversation(), message, CancellationToken.None);
            await Dialog.AttachMessageAsync(message.RequestId!, last, null, CancellationToken.None);
        }

        return last;
    }

    public string DisplayName(string user) => Catalog.Policy.FindMemberById(user)?.DisplayName ?? user;

    public async Task<RunRequest> RunNextJobAsync()
    {
        var lease = await Jobs.ReceiveAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(lease);
        var runner = Services.GetRequiredService<JobRunner>();
        Assert.Equal(JobDisposition.Complete, await runner.ProcessAsync(lease, CancellationToken.None));
        Assert.True(await Jobs.CompleteAsync(lease, CancellationToken.None));
        return (await Store.GetAsync(lease.Message.RequestId, CancellationToken.None))!;
    }

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

    public Task<List<AuditEvent>> DayEventsAsync() => EventsAsync(AuditPartitions.For(null, Time.GetUtcNow()));

    public static string Render(OutboundMessage message) =>
        message.Card is null ? message.Text : PlainTextRenderer.Render(message.Card).Text;

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
