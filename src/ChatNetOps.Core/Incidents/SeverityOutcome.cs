namespace ChatNetOps.Core.Incidents;

using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>What became of a severity proposal or its confirmation. Every case except <see cref="NotFound"/> is audited.</summary>
public abstract record SeverityOutcome
{
    private SeverityOutcome()
    {
    }

    /// <summary>Waiting for one of <see cref="Confirmers"/>.</summary>
    public sealed record Proposed(Incident Incident, SeverityProposal Proposal, IReadOnlyList<Member> Confirmers) : SeverityOutcome;

    public sealed record Confirmed(Incident Incident, SeverityProposal Proposal) : SeverityOutcome;

    public sealed record Rejected(Incident Incident, SeverityProposal Proposal) : SeverityOutcome;

    /// <summary>Someone else decided first; <see cref="Proposal"/> carries their decision.</summary>
    public sealed record AlreadyDecided(SeverityProposal Proposal) : SeverityOutcome;

    /// <summary>
    /// The proposal expired unanswered (now, at this late decision, or earlier by the sweeper); <see cref="Proposal"/> carries
    /// when (<see cref="SeverityProposal.ExpiredAt"/>), and nothing was decided.
    /// </summary>
    public sealed record Expired(SeverityProposal Proposal, string Message) : SeverityOutcome;

    /// <summary>Nothing (or something else) waits for confirmation.</summary>
    public sealed record NotPending(string Message) : SeverityOutcome;

    public sealed record Refused(DenialReason Reason, string Message) : SeverityOutcome;
}
