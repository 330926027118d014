namespace ChatNetOps.Slack.Tests.EndToEnd;

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Slack.Tests.Fakes;

/// <summary>
/// Nothing acknowledged is lost when the host dies between the acknowledgement and the processing: the bot runs as a
/// real process of its own, acknowledges 100 signed slash commands, and is killed (no shutdown) while it is stuck
/// before the dialog (the fake Slack holds its users.info calls). A host started afterwards on the same SQLite file
/// processes every one of them, once, once the dead host's locks have lapsed.
/// </summary>
public sealed class HostKillEndToEndTests : IAsyncLifetime
{
    private const int Commands = 100;
    private const string Stranger = "U0KILLED001";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatnetops-slack-kill-" + Guid.NewGuid().ToString("N"));
    private FakeSlackApi _slack = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _slack = await FakeSlackApi.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task CommandsAcknowledgedByAHostThatIsKilled_AreAllProcessedOnce_ByTheNextHost()
    {
        var database = Path.Combine(_directory, "bot.db");
        _slack.Users[Stranger] = ("stranger", "stranger@example.com");
        _slack.Hold("users.info");

        using (var doomed = await BotProcess.StartAsync(new Dictionary<string, string>
        {
            ["Inventory__Path"] = InventoryPaths.Resolve("inventory"),
            ["Conversation__CardsDirectory"] = RepoPaths.Cards,
            ["Storage__Sqlite__Path"] = database,
            ["Lab__Latency"] = "00:00:00",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Slack__Enabled"] = "true",
            ["Slack__SigningSecret"] = SignedRequests.SigningSecret,
            ["Slack__BotToken"] = FakeSlackApi.BotToken,
            ["Slack__ApiBaseUrl"] = _slack.ApiBaseUrl.ToString(),
            ["Slack__AllowedTeams__0"] = FakeSlackApi.HomeTeam,
            ["Slack__WorkLockDuration"] = "00:00:02",
        }, TimeSpan.FromSeconds(90)))
        {
            using var http = doomed.CreateClient();
            for (var i = 0; i < Commands; i++)
            {
                using var request = SignedRequests.Command(Stranger, Channel(i), "verify-ospf device=core-rtr-01", _slack.ResponseUrl("kill-" + i.ToString(CultureInfo.InvariantCulture)));
                using var response = await http.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var body = await response.Content.ReadFromJsonAsync<JsonObject>();
                Assert.StartsWith("Working on `/netops verify-ospf", (string?)body?["text"], StringComparison.Ordinal);
            }

            // It has started on the work (and is stuck asking Slack who the user is) when it dies.
            await _slack.WaitForAsync("users.info", timeout: TimeSpan.FromSeconds(30));
            doomed.Kill();
        }

        Assert.Empty(_slack.CallsTo("response_url"));
        _slack.Release("users.info");

        var next = new SlackBotFactory(_slack);
        next.Settings["Storage:Sqlite:Path"] = database;
        next.Settings["Slack:AllowedTeams:0"] = FakeSlackApi.HomeTeam;
        await using (next)
        {
            _ = next.Server;
            var denials = await WaitForDenialsAsync(next, Commands, TimeSpan.FromSeconds(90));

            // Each command was decided once (one audited refusal in its channel) and answered once, privately.
            Assert.Equal(Enumerable.Range(0, Commands).Select(Channel), denials.Select(d => d.Details["conversation"]).Order(StringComparer.Ordinal));
            Assert.All(denials, d => Assert.Equal("UnknownUser", d.Details["reason"]));
            await _slack.WaitForAsync("response_url", _ => _slack.CallsTo("response_url").Count >= Commands, TimeSpan.FromSeconds(30));
            Assert.Equal(
                Enumerable.Range(0, Commands).Select(i => "kill-" + i.ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal),
                _slack.CallsTo("response_url").Select(c => c.Hook!).Order(StringComparer.Ordinal));
            Assert.Empty(_slack.CallsTo("chat.postMessage"));
        }
    }

    private static string Channel(int i) => "C0KILL" + i.ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>Waits (polling the audit trail, bounded) until <paramref name="count"/> refusals of the stranger are recorded, then a little longer for any extra.</summary>
    private static async Task<List<AuditEvent>> WaitForDenialsAsync(SlackBotFactory host, int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var denials = (await host.AuditAsync()).Where(e => e.Kind == AuditKind.Denied && e.Actor.UserId == Stranger).ToList();
            if (denials.Count >= count || clock.Elapsed > timeout)
            {
                return denials;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
