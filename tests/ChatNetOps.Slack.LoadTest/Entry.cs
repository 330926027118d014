namespace ChatNetOps.Slack.LoadTest;

using System.Globalization;

/// <summary>
/// Open-loop load test of the Slack ack path and of the processing behind it. Usage:
/// <c>dotnet run -c Release --project tests/ChatNetOps.Slack.LoadTest -- [--rate 300] [--duration 60] [--warmup 5] [--burst-rate 300] [--burst-duration 15]</c>.
/// Prints p50/p99 ack latency and errors for a bare 200 endpoint (the floor), for signed /slack/commands and for signed
/// /slack/events (whose ack records the event_id in the chat state store and queues the work durably; one in ten is a
/// retry), all in the same bot host (embedded default on Kestrel, 127.0.0.1), the audit events written per request,
/// and how long after a burst of commands every one of them is processed and audited (goal: 30 s).
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
        var burstRate = Arg(args, "--burst-rate", 300);
        var burstDuration = TimeSpan.FromSeconds(Arg(args, "--burst-duration", 15));
        return SlackAckLoadTest.RunAsync(rate, duration, warmup, burstRate, burstDuration, Console.Out);
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
