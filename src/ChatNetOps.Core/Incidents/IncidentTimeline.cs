namespace ChatNetOps.Core.Incidents;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Audit.Checkpoints;
using ChatNetOps.Core.Requests;

/// <summary>
/// An incident's operational record, built from its verified chain events alone: <see cref="Record"/>, <see cref="Runs"/>
/// and <see cref="Outputs"/> come from the events before the first broken one (<see cref="Events"/>); the mutable rows
/// (<see cref="Incident"/>, <see cref="Requests"/>, stored outputs) are only compared with them, and every disagreement is
/// a <see cref="Discrepancy"/>.
/// </summary>
/// <param name="Incident">The incidents row as stored (mutable; not trusted).</param>
/// <param name="Requests">The requests rows naming the incident (mutable; not trusted).</param>
/// <param name="Events">The chain's events that verified, in order.</param>
/// <param name="Chain">The chain's verification, against the checkpoints when they were read.</param>
public sealed record IncidentTimeline(
    string IncidentId,
    Incident? Incident,
    IReadOnlyList<RunRequest> Requests,
    IReadOnlyList<AuditEvent> Events,
    ChainVerification Chain)
{
    /// <summary>The incident as the verified events record it; null when they record no IncidentOpened.</summary>
    public IncidentRecord? Record { get; init; }

    /// <summary>The requests as the verified events record them, in the order they were made.</summary>
    public IReadOnlyList<RequestRecord> Runs { get; init; } = [];

    /// <summary>Stored outputs joined with the chain's output hashes.</summary>
    public IReadOnlyList<OutputCheck> Outputs { get; init; } = [];

    /// <summary>Where a mutable row disagrees with the verified chain.</summary>
    public IReadOnlyList<Discrepancy> Discrepancies { get; init; } = [];

    /// <summary>Stored events after the first broken one, left out of everything above.</summary>
    public long Unverified { get; init; }

    /// <summary>The checkpoints the chain was checked against; null when anchoring was not checked.</summary>
    public CheckpointState? Checkpoints { get; init; }

    /// <summary>Whether anything at all is recorded for the id (rows, events, or a checkpoint that anchors its chain).</summary>
    public bool IsRecorded => Incident is not null || Requests.Count > 0 || Events.Count > 0 || Unverified > 0 || Chain.Anchor is not null;

    /// <summary>Intact and consistent with its checkpoints, no mutable row disagreeing, every stored output matching.</summary>
    public bool IsConsistent => Chain.IsIntact && Unverified == 0 && Discrepancies.Count == 0 && Outputs.All(o => o.Matches || o.StoredSha256 is null);

    /// <summary>One line: "intact and anchored up to event N", what is not yet anchored, or what is broken.</summary>
    public string Verdict
    {
        get
        {
            if (!Chain.IsIntact)
            {
                var at = Chain.FirstBroken is { } broken ? $" at event {broken.Id} (sequence {broken.Sequence}, {broken.Kind})" : string.Empty;
                var left = Unverified > 0 ? $"; {Unverified} later stored event(s) left out of this export" : string.Empty;
                return $"BROKEN{at}: {Chain.Problem}{left}";
            }

            if (Checkpoints is null)
            {
                return $"intact ({Chain.Events} events); anchoring not checked";
            }

            if (Chain.AnchoredThrough == 0)
            {
                return $"intact ({Chain.Events} events); not yet anchored: no checkpoint covers this chain yet";
            }

            return Chain.NotYetAnchored == 0
                ? $"intact and anchored up to event {Chain.AnchoredThrough}"
                : $"intact and anchored up to event {Chain.AnchoredThrough}; event{(Chain.NotYetAnchored > 1 ? $"s {Chain.AnchoredThrough + 1}..{Chain.Events} are" : $" {Chain.Events} is")} not yet anchored";
        }
    }
}
