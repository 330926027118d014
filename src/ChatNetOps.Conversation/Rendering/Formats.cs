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

    /// <summary>A device run's status as people read it ("Succeeded", "Failed", "Timed out"), never the enum name.</summary>
    public static string StatusLabel(Core.Requests.ExecutionStatus status) => status switch
    {
        Core.Requests.ExecutionStatus.Succeeded => "Succeeded",
        Core.Requests.ExecutionStatus.Failed => "Failed",
        Core.Requests.ExecutionStatus.TimedOut => "Timed out",
        _ => "Unknown",
    };

    /// <summary>A request status as people read it, capitalised like every status label on the cards ("Awaiting approval", "Timed out").</summary>
    public static string StatusLabel(Core.Requests.RequestStatus status) => status switch
    {
        Core.Requests.RequestStatus.AwaitingApproval => "Awaiting approval",
        Core.Requests.RequestStatus.TimedOut => "Timed out",
        _ => status.ToString(),
    };

    /// <summary>Longest device error a result card shows; longer ones are cut between words (the JSON result has them whole).</summary>
    public const int DeviceErrorChars = 400;

    /// <summary>Where a request is, as the end of a sentence about it: "it is queued", "it has succeeded", "it was rejected".</summary>
    public static string StatusPhrase(Core.Requests.RequestStatus status) => status switch
    {
        Core.Requests.RequestStatus.Requested => "it is being requested",
        Core.Requests.RequestStatus.AwaitingApproval => "it is waiting for approval",
        Core.Requests.RequestStatus.Queued => "it is queued to run",
        Core.Requests.RequestStatus.Running => "it is running",
        Core.Requests.RequestStatus.Succeeded => "it has succeeded",
        Core.Requests.RequestStatus.Failed => "it has failed",
        Core.Requests.RequestStatus.TimedOut => "it timed out",
        Core.Requests.RequestStatus.Interrupted => "it was interrupted",
        Core.Requests.RequestStatus.Rejected => "it was rejected",
        Core.Requests.RequestStatus.Expired => "it has expired",
        Core.Requests.RequestStatus.Cancelled => "it was cancelled",
        Core.Requests.RequestStatus.Denied => "it was denied",
        _ => $"it is {Status(status)}",
    };

    /// <summary>A conversation as people know it: its name when the platform told us one, else platform and id.</summary>
    public static string Conversation(Core.Requests.ConversationRef conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return string.IsNullOrWhiteSpace(conversation.Name)
            ? $"{conversation.Platform.ToString().ToLowerInvariant()}:{conversation.ConversationId}"
            : conversation.Name;
    }
}
