namespace ChatNetOps.Alerts.LoadTest;

using System.Globalization;

/// <summary>
/// The alert storm. Usage: <c>dotnet run -c Release --project tests/ChatNetOps.Alerts.LoadTest -- [--rate 500]
/// [--groups 20] [--alerts 25] [--steps 250]</c>. Sends groups × steps distinct Alertmanager notifications, each twice
/// (an HA pair), open-loop at the rate, after the same number of requests to a bare endpoint of the same host (the
/// floor); then waits until every notification is processed and every card posted, and checks the outcome.
/// </summary>
internal static class Entry
{
    public static Task<int> Main(string[] args)
    {
        // WebApplicationFactory finds the bot's content root from the output directory (as in the test projects).
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        return AlertStorm.RunAsync(Arg(args, "--rate", 500), Arg(args, "--groups", 20), Arg(args, "--alerts", 25), Arg(args, "--steps", 250), Console.Out);
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
