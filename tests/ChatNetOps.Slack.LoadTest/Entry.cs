namespace ChatNetOps.Slack.LoadTest;

using System.Globalization;

/// <summary>
/// Open-loop load test of the Slack slash-command ack path. Usage:
/// <c>dotnet run -c Release --project tests/ChatNetOps.Slack.LoadTest -- [--rate 300] [--duration 60] [--warmup 5]</c>.
/// Prints p50/p99 ack latency and errors for a bare 200 endpoint (the floor), for signed /slack/commands and for signed
/// /slack/events (whose ack records the event_id in the chat state store; one in ten is a retry), all in the same bot
/// host (embedded default on Kestrel, 127.0.0.1), and the audit events written per request.
/// </summary>
internal static class Entry
{
    public static Task<int> Main(string[] args)
    {
        // WebApplicationFactory finds the bot's content root from the output directory (as in the test projects).
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var rate = Arg(args, "--rate", 300);
        var duration = TimeSpan.FromSeconds(Arg(args, "--duration", 60));
        var warmup = TimeSpan.FromSeconds(Arg(args, "--warmup", 5));
        return SlackAckLoadTest.RunAsync(rate, duration, warmup, Console.Out);
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
