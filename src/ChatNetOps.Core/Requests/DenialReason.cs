namespace ChatNetOps.Core.Requests;

/// <summary>Why a request or decision was refused. Stable codes: they appear in audit details and cards.</summary>
public enum DenialReason
{
    UnknownUser,
    UnknownRunbook,
    UnknownRequest,
    InvalidInput,
    NotGranted,
    WrongChannel,
    MissingIncident,
    IncidentMismatch,
    IncidentClosed,

    /// <summary>The request names an incident that was never opened (nor declared by a policy binding).</summary>
    UnknownIncident,
    FanOutNotAllowed,
    SelfApproval,
    WrongConversation,
    RunbookChanged,
    NotRequester,

    /// <summary>The decider has an approve grant, but none of the runbook's <c>approval.approver_roles</c>.</summary>
    NotApproverRole,

    /// <summary>What waited for the decision is past its deadline.</summary>
    DecisionExpired,

    /// <summary>What is decided is no longer exactly what was asked (its hash differs).</summary>
    SubjectChanged,

    /// <summary>The decider holds none of the roles the policy names for this kind of decision.</summary>
    NotConfirmerRole,

    /// <summary>A change window is named that does not exist.</summary>
    UnknownChangeWindow,

    /// <summary>A state-changing run in a change window that has not opened yet.</summary>
    ChangeWindowNotOpen,

    /// <summary>A state-changing run in a change window that has closed (at its end, closed, or rejected).</summary>
    ChangeWindowClosed,

    /// <summary>A state-changing run in a change window nobody has acknowledged yet.</summary>
    ChangeWindowNotAcknowledged,

    /// <summary>A state-changing run on a device outside the change window's scope.</summary>
    OutsideChangeWindow,

    /// <summary>The decider holds none of the roles the policy names for acknowledging change windows.</summary>
    NotAcknowledgerRole,
}
