namespace ChatNetOps.Cli.Commands;

using System.Globalization;
using ChatNetOps.ChangeRecords;
using ChatNetOps.Cli.ConsoleChat;
using ChatNetOps.Conversation;
using ChatNetOps.Conversation.Dialog;
using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Core;
using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution;
using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

/// <summary>
/// <c>chatnetops chat --as alice</c>: the local chat console. Drives the real dialog layer over the embedded
/// stores (the bot's SQLite file by default), an in-process worker and the lab devices.
/// </summary>
internal sealed class ChatCommand(TextReader? input = null, IReadOnlyDictionary<string, string?>? environment = null) : ICliCommand
{
    public string Verb => "chat";

    public string Usage => "chat --as <member> [--conversation NAME] [--db PATH] [--inventory DIR] [--wait SECONDS] [--verbose]";

    public string Summary => "chat with the bot locally: commands, cards as text, buttons by number, /as to switch user";

    public async Task<int> RunAsync(CliArguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var who = args.Option("as") ?? throw new CliUsageException("missing --as <member> (a member id from policy.yaml, e.g. alice)");
        var waitSeconds = args.Option("wait") is { } w
            ? (double.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0 ? s : throw new CliUsageException($"--wait must be a number of seconds, not '{w}'"))
            : 30;
        var conversation = args.Option("conversation") ?? ConsoleSession.ConversationId;
        if (!ConsoleSession.IsConversationName(conversation))
        {
            throw new CliUsageException($"--conversation '{conversation}': {ConsoleSession.ConversationNameRule}");
        }

        // The same settings from the environment as the bot (Requests__ApprovalExpiry, Lab__FailureRate,
        // ChangeRecords__…, Storage__Sqlite__Path …); --db and --inventory win over them.
        var settings = EnvironmentSettings(environment);
        var inventoryPath = args.Option("inventory") ?? settings.GetValueOrDefault("Inventory:Path") ?? args.InventoryPath;
        if (!Directory.Exists(inventoryPath))
        {
            stderr.WriteLine($"chatnetops chat: inventory folder not found: {inventoryPath} (pass --inventory DIR)");
            return 1;
        }

        var interactive = input is null && !Console.IsInputRedirected;
        var reader = input ?? Console.In;
        var output = TextWriter.Synchronized(stdout);
        var channel = new ConsoleChatChannel(output);

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Inventory:Path"] = inventoryPath,
            ["Storage:Sqlite:Path"] = args.Option("db") ?? settings.GetValueOrDefault("Storage:Sqlite:Path") ?? Hosting.CliServices.DefaultDatabase,
            ["Worker:WorkerId"] = "console-worker",
            ["Worker:ReceiveWait"] = "00:00:01",
            ["Worker:SweepInterval"] = "00:00:05",
        });
        if (args.Flag("verbose"))
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
        }

        builder.Services.AddChatNetOpsCore();
        builder.Services.AddChatNetOpsSqliteStorage();
        builder.Services.AddChatNetOpsExecution();
        builder.Services.AddChatNetOpsWorker();
        builder.Services.AddChatNetOpsConversation(consumeResults: true);
        builder.Services.AddSingleton<IChatChannel>(channel);
        builder.Services.AddChatNetOpsChangeRecords();

        using var host = builder.Build();
        var catalog = host.Services.GetRequiredService<InventoryCatalog>();
        var member = catalog.Policy.FindMemberById(who);
        if (member is null)
        {
            throw new CliUsageException($"no member '{who}' in {args.InventoryPath}/policy.yaml; members: {string.Join(", ", catalog.Policy.Members.Select(m => m.Id))}");
        }

        await host.StartAsync(cancellationToken);
        try
        {
            var session = new ConsoleSession(
                host.Services.GetRequiredService<DialogService>(),
                catalog,
                host.Services.GetRequiredService<IRequestStore>(),
                channel,
                reader,
                interactive,
                TimeProvider.System);
            await session.RunAsync(member, TimeSpan.FromSeconds(waitSeconds), conversation, cancellationToken);
            await WaitForChangeRecordsAsync(host.Services, channel, cancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }

        return 0;
    }

    /// <summary>
    /// Environment variables as configuration keys, the way .NET's environment provider reads them (<c>__</c> is the
    /// section separator), so the console and the bot are configured alike.
    /// </summary>
    private static Dictionary<string, string?> EnvironmentSettings(IReadOnlyDictionary<string, string?>? environment)
    {
        var variables = environment ?? Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        return variables
            .Where(v => v.Key.Contains("__", StringComparison.Ordinal))
            .GroupBy(v => v.Key.Replace("__", ":", StringComparison.Ordinal), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>On /quit: waits (bounded by ChangeRecords:QuitWait) for the pending change-record events, saying so.</summary>
    private static async Task WaitForChangeRecordsAsync(IServiceProvider services, ConsoleChatChannel channel, CancellationToken cancellationToken)
    {
        var settings = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ChangeRecordOptions>>().Value;
        if (!settings.Enabled)
        {
            return;
        }

        var store = services.GetRequiredService<IChangeRecordStore>();
        var pending = await store.ListAsync(OutboxState.Pending, 1000, cancellationToken);
        if (pending.Count == 0)
        {
            return;
        }

        channel.Say($"Waiting up to {settings.QuitWait.TotalSeconds:0} s for {pending.Count} change-record event(s) to reach {settings.Sink}…");
        var dispatcher = services.GetRequiredService<ChangeRecordDispatcher>();
        var delivered = await dispatcher.WaitForPendingAsync(null, settings.QuitWait, cancellationToken);
        var left = (await store.ListAsync(OutboxState.Pending, 1000, cancellationToken)).Count;
        channel.Say(delivered
            ? "All change-record events were delivered."
            : $"{left} change-record event(s) are still pending; they stay queued and the bot (or the next console session) delivers them in order. See: chatnetops changes pending");
    }
}
