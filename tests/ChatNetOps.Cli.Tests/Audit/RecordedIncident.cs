namespace ChatNetOps.Cli.Tests.Audit;

using ChatNetOps.Core;
using ChatNetOps.Core.Audit.Checkpoints;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>A SQLite database holding a real incident: opened, a state-changing request, an approval.</summary>
internal sealed class RecordedIncident : IAsyncDisposable
{
    public const string IncidentId = "INC-7";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatnetops-cli-" + Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(_directory, "audit.db");

    public string InventoryPath { get; } = InventoryPaths.Resolve("inventory");

    public string RequestId { get; private set; } = string.Empty;

    public string CheckpointsPath => Path.Combine(_directory, "audit.audit-checkpoints.jsonl");

    public string KeyPath => Path.Combine(_directory, "audit.audit-key");

    /// <summary>INC-7 with one approved change; closed with <paramref name="resolution"/> when one is given.</summary>
    /// <param name="anchor">Write a checkpoint at the end, as the bot's anchoring service does at its next tick.</param>
    /// <param name="resolution">Close INC-7 with this resolution note before anchoring.</param>
    /// <param name="changeWindow">Make the change in this change window (opened by Bob, acknowledged by Carol, in its own conversation).</param>
    /// <param name="reject">Carol rejects the change instead of approving it.</param>
    public static async Task<RecordedIncident> CreateAsync(bool anchor = false, string? resolution = null, string? changeWindow = null, bool reject = false)
    {
        var recorded = new RecordedIncident();
        Directory.CreateDirectory(recorded._directory);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Inventory:Path"] = recorded.InventoryPath,
            ["Storage:Sqlite:Path"] = recorded.DatabasePath,
        }).Build());
        services.AddLogging();
        services.AddChatNetOpsCore();
        services.AddChatNetOpsSqliteStorage();
        await using (var provider = services.BuildServiceProvider())
        {
            var console = new ConversationRef(ChatPlatform.Console, "console", ChannelKind.Console);
            var bob = new Actor(ChatPlatform.Console, "bob", "Bob");
            var carol = new Actor(ChatPlatform.Console, "carol", "Carol");
            await provider.GetRequiredService<IncidentService>().OpenAsync(IncidentId, "Core uplink flapping", 1, bob, null, console, CancellationToken.None);
            if (changeWindow is not null)
            {
                console = await OpenWindowAsync(provider, changeWindow, bob, carol);
            }

            var submitted = await provider.GetRequiredService<SubmitService>().SubmitAsync(
                new RunCommand(bob, null, console, "bounce-interface", new Dictionary<string, string> { ["device"] = "acc-sw-02", ["interface"] = "Gi1/0/7" }, changeWindow is null ? null : IncidentId),
                CancellationToken.None);
            recorded.RequestId = Assert.IsType<SubmitOutcome.AwaitingApproval>(submitted).Request.Id;
            if (reject)
            {
                Assert.IsType<DecisionOutcome.Rejected>(await provider.GetRequiredService<DecisionService>().RejectAsync(recorded.RequestId, carol, null, console, "not in this window", CancellationToken.None));
            }
            else
            {
                Assert.IsType<DecisionOutcome.Approved>(await provider.GetRequiredService<DecisionService>().ApproveAsync(recorded.RequestId, carol, null, console, CancellationToken.None));
            }
            if (resolution is not null)
            {
                Assert.IsType<IncidentOutcome.Closed>(await provider.GetRequiredService<IncidentService>().CloseAsync(bob, null, console, resolution, CancellationToken.None));
            }

            if (anchor)
            {
                Assert.NotNull(await provider.GetRequiredService<AuditAnchor>().CheckpointAsync(AuditCheckpointReason.Requested, CancellationToken.None));
            }
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return recorded;
    }

    private static async Task<ConversationRef> OpenWindowAsync(ServiceProvider provider, string id, Actor bob, Actor carol)
    {
        var windows = provider.GetRequiredService<ChatNetOps.Core.ChangeWindows.ChangeWindowService>();
        var conversation = new ConversationRef(ChatPlatform.Console, "change-console", ChannelKind.Console);
        var now = provider.GetRequiredService<TimeProvider>().GetUtcNow();
        var channel = await provider.GetRequiredService<ChatNetOps.Core.Channels.ChannelResolver>().ResolveAsync(conversation, CancellationToken.None);
        var opened = Assert.IsType<ChatNetOps.Core.ChangeWindows.ChangeWindowOutcome.Opened>(await windows.OpenAsync(
            new ChatNetOps.Core.ChangeWindows.ChangeWindowDraft(id, "Replace access optics", now, now.AddHours(2), ["acc-sw-02"], null), bob, null, conversation, channel, CancellationToken.None));
        Assert.IsType<ChatNetOps.Core.ChangeWindows.ChangeWindowOutcome.Decided>(await windows.DecideAsync(id, opened.Window.Hash, true, carol, null, conversation, CancellationToken.None));
        return conversation;
    }

    public async Task ExecuteSqlAsync(string sql, int? expectedRows = 1)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = await command.ExecuteNonQueryAsync();
        if (expectedRows is not null)
        {
            Assert.Equal(expectedRows, rows);
        }
    }

    public async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync([.. args, "--db", DatabasePath, "--inventory", InventoryPath], stdout, stderr, CancellationToken.None);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
