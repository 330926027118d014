namespace ChatNetOps.Conversation.Cards;

/// <summary>The templates in cards/ (file name without .json). Data contracts: cards/README.md.</summary>
public static class CardNames
{
    public const string Help = "help";
    public const string RunbookList = "runbook-list";
    public const string DeviceList = "device-list";
    public const string LockList = "lock-list";
    public const string RequestForm = "request-form";
    public const string ApprovalRequest = "approval-request";

    /// <summary>The rollback confirmation's card (a decision kind of its own): the approval card of a request that rolls a change back.</summary>
    public const string RollbackConfirmation = "rollback-confirmation";
    public const string RequestStatus = "request-status";
    public const string ExecutionResult = "execution-result";
    public const string Denied = "denied";
    public const string DeviceLocked = "device-locked";
    public const string Expired = "expired";
    public const string IncidentSummary = "incident-summary";
    public const string Timeline = "timeline";
    public const string SeverityConfirmation = "severity-confirmation";
    public const string ReportSummary = "report-summary";
    public const string ChangeWindow = "change-window";
    public const string AlertIncident = "alert-incident";

    /// <summary>Every card the conversation layer relies on; <see cref="CardTemplates.Load"/> checks they exist.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Help, RunbookList, DeviceList, LockList, RequestForm, ApprovalRequest, RequestStatus, ExecutionResult,
        Denied, DeviceLocked, Expired, IncidentSummary, Timeline, SeverityConfirmation, ReportSummary, ChangeWindow, AlertIncident,
        RollbackConfirmation,
    ];
}
