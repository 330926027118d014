namespace ChatNetOps.Conversation.Rendering;

using System.Globalization;
using ChatNetOps.Core.Inventory;

/// <summary>How times, durations and runbook titles read in cards.</summary>
public static class Formats
{
    private static readonly HashSet<string> Acronyms = new(StringComparer.OrdinalIgnoreCase) { "ospf", "bgp", "vpn", "ip", "nat", "dns", "ntp", "arp", "vlan", "stp", "lldp", "cdp" };

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan d) => d.TotalSeconds < 1
        ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)d.TotalMilliseconds)} ms")
        : d.TotalMinutes < 2
            ? string.Create(CultureInfo.InvariantCulture, $"{d.TotalSeconds:0.0} s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalMinutes} min {d.Seconds} s");

    /// <summary>"verify-ospf" → "Verify OSPF" (runbooks have no title of their own yet).</summary>
    public static string Title(string runbookName)
    {
        var words = runbookName.Split(['-', '_'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => Acronyms.Contains(w) ? w.ToUpperInvariant() : w.ToLowerInvariant())
            .ToArray();
        if (words.Length == 0)
        {
            return runbookName;
        }

        words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        return string.Join(' ', words);
    }

    public static string Title(Runbook runbook) => Title(runbook.Name);

    /// <summary>Camel-case status as the card templates compare it ("timedOut").</summary>
    public static string Status(Core.Requests.RequestStatus status)
    {
        var name = status.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    public static string Status(Core.Requests.ExecutionStatus status)
    {
        var name = status.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
