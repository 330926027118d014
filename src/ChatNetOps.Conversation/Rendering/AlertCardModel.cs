namespace ChatNetOps.Conversation.Rendering;

using ChatNetOps.Core.Alerts;
using ChatNetOps.Core.Alerts.Routing;
using ChatNetOps.Core.Incidents;

/// <summary>What an incident's alert card shows (cards/alert-incident.json): the incident, its alert groups and route, and what the alerts processor looked up.</summary>
/// <param name="Incident">The incident as stored.</param>
/// <param name="Route">The route its first group took.</param>
/// <param name="Groups">Every alert group attached to it.</param>
public sealed record AlertCardModel(Incident Incident, AlertRoute Route, IReadOnlyList<AlertGroup> Groups)
{
    /// <summary>The last state-changing run on each device of the incident, newest first.</summary>
    public IReadOnlyList<DeviceChange> LastChanges { get; init; } = [];

    /// <summary>An open change window on the devices, described; null when none (or no window source exists).</summary>
    public string? ChangeWindow { get; init; }

    /// <summary>The route's first step, when it has one.</summary>
    public AlertFirstStep? FirstStep { get; init; }
}

/// <summary>A finished state-changing run on <paramref name="Device"/>, as the audit trail recorded it.</summary>
public sealed record DeviceChange(string Device, string RequestId, string Runbook, string Result, DateTimeOffset At, string Requester, string? Approver);

/// <summary>
/// The route's read-only first step for the card: the <c>run</c> button's payload (<see cref="Device"/> and
/// <see cref="Inputs"/> already mapped from the alert) or, for <c>auto_run</c>, the request made as <c>alert:&lt;source&gt;</c>.
/// </summary>
public sealed record AlertFirstStep(string Runbook, string? Device, IReadOnlyDictionary<string, string> Inputs)
{
    /// <summary>The request an auto-run made; the card then names it instead of offering a button.</summary>
    public string? AutoRunRequestId { get; init; }

    /// <summary>Why there is no button (no device resolved, an input the alert could not fill), shown instead.</summary>
    public string? Problem { get; init; }

    /// <summary>
    /// When no alert names a device of the route: the route's devices the runbook targets, to pick from (the card then
    /// offers a device choice and a Run button taking it; <see cref="Inputs"/> holds what the alert's labels fill).
    /// </summary>
    public IReadOnlyList<string> Choices { get; init; } = [];
}
