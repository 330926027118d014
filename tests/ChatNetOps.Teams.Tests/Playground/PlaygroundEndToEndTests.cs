namespace ChatNetOps.Teams.Tests.Playground;

using System.Net;
using ChatNetOps.Teams.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

/// <summary>
/// End to end in a real Teams client: the bot (Development, no app id, loopback) on Kestrel, the M365 Agents
/// Playground on 127.0.0.1, and tests/playground/drive.mjs steering it headless with Debian's Chromium and checking the
/// rendered cards (one welcome, help placeholders, output lines and columns, the whole output hash, readable warning
/// text, the lock card, a hostile reject reason shown as text). Screenshots land in TestResults/playground/.
/// </summary>
[Collection(PlaygroundCollection.Name)]
public sealed class PlaygroundEndToEndTests
{
    private static readonly TimeSpan DriverTimeout = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task TeamsClient_HelpReadOnlyRunChannelApprovalAndRejection_RenderAsSentInThePlayground()
    {
        var missing = PlaygroundEnvironment.MissingPrerequisites();
        Assert.True(missing.Count == 0,
            "The Teams end-to-end test needs " + string.Join(", ", missing) + ". Install them with: bash ci/install-playground.sh");

        var botPort = PlaygroundEnvironment.FreeLoopbackPort();
        await using var bot = new TeamsBotFactory { FakeTokens = false, RemoteAddress = null };
        bot.UseKestrel(options => options.Listen(IPAddress.Loopback, botPort));
        bot.StartServer();

        var screenshots = PlaygroundEnvironment.ScreenshotDirectory;
        var playgroundPort = PlaygroundEnvironment.FreeLoopbackPort();
        var playgroundUrl = $"http://127.0.0.1:{playgroundPort}";
        using var playground = await StartPlaygroundAsync(botPort, playgroundPort, screenshots);

        using var driver = ChildProcess.Start(
            "node",
            ["drive.mjs"],
            PlaygroundEnvironment.PackageDirectory,
            new Dictionary<string, string>
            {
                ["PLAYGROUND_URL"] = playgroundUrl,
                ["CHROMIUM"] = PlaygroundEnvironment.Chromium,
                ["SCREENSHOTS"] = screenshots,
            });
        var exit = await driver.WaitForExitAsync(DriverTimeout);
        await File.WriteAllTextAsync(Path.Combine(screenshots, "driver.log"), driver.Output);

        Assert.True(exit is not null, $"The Playground driver did not finish within {DriverTimeout.TotalSeconds} s:\n{driver.Output}");
        Assert.True(exit == 0, $"The Playground driver failed (screenshots in {screenshots}):\n{driver.Output}");
        foreach (var name in new[]
        {
            "01-personal-help.png", "02-read-only-result.png", "03-channel-approval-card.png", "04-own-request-holds-the-lock.png",
            "05-requester-refused.png", "06-approved-card-updated.png", "07-channel-result.png", "08-hostile-reason-is-text.png", "09-typo-is-one-line.png",
        })
        {
            Assert.True(File.Exists(Path.Combine(screenshots, name)), $"Screenshot {name} is missing");
        }
    }

    /// <summary>
    /// Empties <paramref name="screenshots"/> (the Playground's log goes there too), starts the Agents Playground on
    /// <paramref name="playgroundPort"/> against the bot on <paramref name="botPort"/>, and waits until it answers.
    /// </summary>
    internal static async Task<ChildProcess> StartPlaygroundAsync(int botPort, int playgroundPort, string screenshots)
    {
        if (Directory.Exists(screenshots))
        {
            Directory.Delete(screenshots, recursive: true);
        }

        Directory.CreateDirectory(screenshots);
        var playgroundUrl = $"http://127.0.0.1:{playgroundPort}";
        var playground = ChildProcess.Start(
            "node",
            [
                "node_modules/@microsoft/m365agentsplayground/cli.js", "start",
                "-e", $"http://127.0.0.1:{botPort}/api/messages", "-c", "msteams", "-p", playgroundPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--disable-telemetry", "--service-url", playgroundUrl + "/_connector",
            ],
            PlaygroundEnvironment.PackageDirectory,
            new Dictionary<string, string>
            {
                ["TEAMSAPPTESTER_BROWSER"] = "none",
                ["M365_AGENTS_PLAYGROUND_LOGFILE"] = Path.Combine(screenshots, "playground.log"),
            });
        try
        {
            await WaitForPlaygroundAsync(playground, playgroundUrl, playgroundPort);
            return playground;
        }
        catch
        {
            playground.Dispose();
            throw;
        }
    }

    internal static async Task WaitForPlaygroundAsync(ChildProcess playground, string url, int port)
    {
        using var client = new HttpClient(new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(2) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (playground.HasExited)
            {
                break;
            }

            try
            {
                if (await client.GetStringAsync(url + "/_debug/ping") == "pong")
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        Assert.Fail($"The Agents Playground did not answer on port {port} within 20 s (it falls back to a random port when busy). Output:\n{playground.Output}");
    }
}
