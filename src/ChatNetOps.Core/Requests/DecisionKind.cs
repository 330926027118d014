namespace ChatNetOps.Core.Requests;

/// <summary>
/// What a decision decides. Every kind obeys the same <see cref="DecisionRules"/>: decided where it was asked, before
/// its deadline, by someone other than who asked, holding the authority the policy names, bound to the hash of
/// exactly what was asked; racing decisions leave one winner and the others are told who; every step is audited
/// before the chat is told.
/// </summary>
public enum DecisionKind
{
    /// <summary>A second engineer approves a state-changing runbook run (<see cref="DecisionService"/>).</summary>
    RunbookRun,

    /// <summary>A second engineer confirms rolling a change back.</summary>
    RollbackConfirmation,

    /// <summary>A change window is acknowledged by someone other than who opened it.</summary>
    ChangeWindowAcknowledgement,

    /// <summary>An incident's new severity is confirmed by a member of the role the policy names (<see cref="Incidents.SeverityService"/>).</summary>
    SeverityConfirmation,
}
