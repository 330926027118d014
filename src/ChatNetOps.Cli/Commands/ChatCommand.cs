namespace ChatNetOps.Cli.Commands;

using System.Globalization;
using ChatNetOps.Cli.ConsoleChat;
using ChatNetOps.Conversation;
using ChatNetOps.Conversation.Dialog;
using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Core;
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
internal sealed class ChatCommand(TextReader? input = null) : ICliCommand
{
    public string Verb => "chat";

    public string Usage => "chat --as <member> [--db PATH] [--inventory DIR] [--wait SECONDS] [--verbose]";

    public string Summary => "chat with the bot locally: commands, cards as text, buttons by number, /as to switch user";

    public async Task<int> RunAsync(CliArguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var who = args.Option("as") ?? throw new CliUsageException("missing --as <member> (a member id from policy.yaml, e.g. alice)");
        var waitSeconds = args.Option("wait") is { } w
            ? (double.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0 ? s : throw new CliUsageException($"--wait must be a number of seconds, not '{w}'"))
            : 30;
        if (!Directory.Exists(args.InventoryPath))
        {
            stderr.WriteLine($"chatnetops chat: inventory folder not found: {args.InventoryPath} (pass --inventory DIR)");
            return 1;
        }

        var interactive = input is null && !Console.IsInputRedirected;
        var reader = input ?? Console.In;
        var output = TextWriter.Synchronized(stdout);
        var channel = new ConsoleChatChannel(output);

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Inventory:Path"] = args.InventoryPath,
            ["Storage:Sqlite:Path"] = args.Option("db") ?? Hosting.CliServices.DefaultDatabase,
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
            await session.RunAsync(member, TimeSpan.FromSeconds(waitSeconds), cancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }

        return 0;
    }
}
