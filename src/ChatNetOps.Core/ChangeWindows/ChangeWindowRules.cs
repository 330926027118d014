namespace ChatNetOps.Core.ChangeWindows;

using System.Globalization;
using System.Text.RegularExpressions;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;

/// <summary>
/// When a state-changing runbook may run in a change-window conversation: only while the window is open and
/// acknowledged, and only on its devices. Pure: the caller hands it the window, the device and the clock.
/// </summary>
public static partial class ChangeWindowRules
{
    /// <summary>Change ids: <c>CHG-2001</c> like an incident's, or a ticket number such as ServiceNow's <c>CHG0031234</c>. They name audit partitions.</summary>
    public static bool IsValidId(string id) => ChangeId().IsMatch(id);

    /// <summary>Null when a state-changing run of <paramref name="runbook"/> on <paramref name="device"/> may start in <paramref name="window"/> at <paramref name="now"/>.</summary>
    public static DecisionRefusal? CheckRun(ChangeWindow window, Runbook runbook, Device device, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(runbook);
        ArgumentNullException.ThrowIfNull(device);
        switch (window.StateAt(now))
        {
            case ChangeWindowState.Scheduled:
                return new DecisionRefusal(DenialReason.ChangeWindowNotOpen,
                    $"{window.Id} is scheduled for {window.DescribeTimes()}; {runbook.Name} runs in it only once it opens at {Time(window.Start)}.");
            case ChangeWindowState.Closed:
                return new DecisionRefusal(DenialReason.ChangeWindowClosed,
                    $"{window.Id} ({window.DescribeTimes()}) {HowClosed(window)}; a new change is refused. A run already started may finish.");
        }

        if (!window.IsAcknowledged)
        {
            return new DecisionRefusal(DenialReason.ChangeWindowNotAcknowledged,
                $"{window.Id} is open ({window.DescribeTimes()}) but not acknowledged yet; a change runs in it once someone other than {window.OpenedBy.DisplayName} acknowledges it.");
        }

        return window.Scope.Covers(device)
            ? null
            : new DecisionRefusal(DenialReason.OutsideChangeWindow,
                $"{device.Name} is outside {window.Id} ({window.Scope.Describe()}); change it in a window that covers it.");
    }

    /// <summary>
    /// Whether the window's acknowledgement approves a run of <paramref name="runbook"/> here (no per-run second
    /// engineer): it is a standard runbook with a pre-check (mandatory for standard runs; without one it is approved per
    /// run), and the window lets it run (<see cref="CheckRun"/>).
    /// </summary>
    public static bool AcknowledgementApproves(ChangeWindow window, Runbook runbook, Device device, DateTimeOffset now) =>
        runbook is { Standard: true, PreCheck: not null, IsStateChanging: true } && CheckRun(window, runbook, device, now) is null;

    /// <summary>
    /// Why a change that depends on <paramref name="window"/> cannot be approved at <paramref name="now"/>: null while the
    /// window is open and acknowledged; otherwise the refusal the approver is told, naming the window (id, summary, times)
    /// and when it closed or when it opens. Every approval kind that lets a change run checks it before its decision is stored.
    /// </summary>
    public static DecisionRefusal? CheckApproval(ChangeWindow window, string requestId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(window);
        var named = $"change window {window.Id} \"{window.Summary}\" ({window.DescribeTimes()})";
        return window.StateAt(now) switch
        {
            ChangeWindowState.Closed => new DecisionRefusal(DenialReason.ChangeWindowClosed,
                $"{requestId} cannot be approved: {named} {HowClosed(window)}, so the change would never run. The request is closed; request it again in an open window."),
            ChangeWindowState.Scheduled => new DecisionRefusal(DenialReason.ChangeWindowNotOpen,
                $"{requestId} cannot be approved yet: {named} opens at {Time(window.Start)}. Approve it once the window is open."),
            _ when !window.IsAcknowledged => new DecisionRefusal(DenialReason.ChangeWindowNotAcknowledged,
                $"{requestId} cannot be approved yet: {named} is not acknowledged; it can be once someone other than {window.OpenedBy.DisplayName} acknowledges the window."),
            _ => null,
        };
    }

    /// <summary>How a closed window closed: <c>ended at …</c>, <c>was closed by … at …</c>, <c>was rejected by …</c>.</summary>
    public static string HowClosed(ChangeWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return window.CloseReason switch
        {
            "rejected" => $"was rejected by {window.ClosedBy?.DisplayName}",
            "closed" => $"was closed by {window.ClosedBy?.DisplayName} at {Time(window.ClosedAt ?? window.End)}",
            _ => $"ended at {Time(window.End)}",
        };
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "Z";

    [GeneratedRegex("^[A-Z][A-Z0-9]{1,9}-?[0-9]{1,12}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChangeId();
}
