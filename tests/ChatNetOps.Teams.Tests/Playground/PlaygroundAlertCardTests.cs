namespace ChatNetOps.Teams.Tests.Playground;

using System.Net;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Teams.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The alert card in a real Teams client: the bot (Development, loopback, Alertmanager bearer token configured) on
/// Kestrel with a copy of the shipped inventory whose wan-edge-interfaces route posts to the Playground's group chat,
/// the M365 Agents Playground on 127.0.0.1, and tests/playground/drive-alert-card.mjs steering it headless with Debian's
/// Chromium. The driver posts Alertmanager notifications to the bot's webhook and checks the rendered card: proposed
/// severity, device, the device's last change (recorded here as a finished change would record it), the first step's
/// button; then that the resolved alert updates the same card in place. Screenshots land in
/// TestResults/playground-alert-card/.
/// </summary>
[Collection(PlaygroundCollection.Name)]
public sealed class PlaygroundAlertCardTests : IDisposable
{
    private const string AlertsToken = "am-token-playground-0123456789";
    private const string GroupChat = "19:groupchatprobe@thread.v2";
    private static readonly TimeSpan DriverTimeout = TimeSpan.FromSeconds(150);

    private readonly string _inventory = Path.Combine(Path.GetTempPath(), "chatnetops-playground-inventory-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_inventory))
        {
            Directory.Delete(_inventory, recursive: true);
        }
    }

    [Fact]
    public async Task AlertCard_RendersSeverityDeviceLastChangeAndFirstStep_ThenUpdatesInPlaceWhenResolved()
    {
        var missing = PlaygroundEnvironment.MissingPrerequisites();
        Assert.True(missing.Count == 0,
            "The Teams end-to-end test needs " + string.Join(", ", missing) + ". Install them with: bash ci/install-playground.sh");
        CopyInventoryRoutingToTheGroupChat();

        var botPort = PlaygroundEnvironment.FreeLoopbackPort();
        await using var bot = new TeamsBotFactory { FakeTokens = false, RemoteAddress = null };
        bot.Settings["Inventory:Path"] = _inventory;
        bot.Settings["Alerts:Alertmanager:BearerToken"] = AlertsToken;
        bot.UseKestrel(options => options.Listen(IPAddress.Loopback, botPort));
        bot.StartServer();

        // The device's last change, as the journal records it when a state-changing run ends.
        var now = TimeProvider.System.GetUtcNow().AddMinutes(-20);
        var carol = new Actor(Core.Policy.ChatPlatform.Slack, "U0CAROL0003", "Carol Castillo");
        var bob = new Actor(Core.Policy.ChatPlatform.Slack, "U0BOB000002", "Bob Brandt");
        var change = new RunRequest("R-0PLAY001", "interface-shutdown", "1", RunbookMode.StateChanging, new Dictionary<string, string> { ["interface"] = "port3" },
            ["fw-edge-01"], carol, new ConversationRef(Core.Policy.ChatPlatform.Slack, "C0NOC0001", Core.Policy.ChannelKind.Incident), "INC-1001", RequestStatus.Succeeded, now)
        {
            ApprovalHash = "h",
            UpdatedAt = now,
            Decision = new Decision(bob, now, true, null, "h"),
        };
        await bot.Services.GetRequiredService<RequestJournal>().AnnounceAsync(change, CancellationToken.None);

        var screenshots = Path.Combine(PlaygroundEnvironment.RepositoryRoot, "TestResults", "playground-alert-card");
        var playgroundPort = PlaygroundEnvironment.FreeLoopbackPort();
        var playgroundUrl = $"http://127.0.0.1:{playgroundPort}";
        using var playground = await PlaygroundEndToEndTests.StartPlaygroundAsync(botPort, playgroundPort, screenshots);

        using var driver = ChildProcess.Start(
            "node",
            ["drive-alert-card.mjs"],
            PlaygroundEnvironment.PackageDirectory,
            new Dictionary<string, string>
            {
                ["PLAYGROUND_URL"] = playgroundUrl,
                ["CHROMIUM"] = PlaygroundEnvironment.Chromium,
                ["SCREENSHOTS"] = screenshots,
                ["ALERTS_URL"] = $"http://127.0.0.1:{botPort}/api/alerts/alertmanager",
                ["ALERTS_TOKEN"] = AlertsToken,
                ["DEVICE"] = "fw-edge-01",
                ["LAST_CHANGE_REQUEST"] = change.Id,
            });
        var exit = await driver.WaitForExitAsync(DriverTimeout);
        await File.WriteAllTextAsync(Path.Combine(screenshots, "driver.log"), driver.Output);

        Assert.True(exit is not null, $"The Playground driver did not finish within {DriverTimeout.TotalSeconds} s:\n{driver.Output}");
        Assert.True(exit == 0, $"The Playground driver failed (screenshots in {screenshots}):\n{driver.Output}");
        foreach (var name in new[] { "01-alert-card-firing.png", "02-alert-card-resolved-in-place.png" })
        {
            Assert.True(File.Exists(Path.Combine(screenshots, name)), $"Screenshot {name} is missing");
        }
    }

    private void CopyInventoryRoutingToTheGroupChat()
    {
        var source = InventoryPaths.Resolve("inventory");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_inventory, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var path = Path.Combine(_inventory, "alert-routes.yaml");
        var routes = File.ReadAllText(path);
        var changed = routes.Replace(
            "        alertname: { one_of: [InterfaceDown, BGP peer down] }\n    target: { platform: slack, conversation_id: C0NOC0001 }",
            $"        alertname: {{ one_of: [InterfaceDown, BGP peer down] }}\n    target: {{ platform: teams, conversation_id: \"{GroupChat}\" }}",
            StringComparison.Ordinal);
        Assert.NotEqual(routes, changed);
        File.WriteAllText(path, changed);
    }
}
