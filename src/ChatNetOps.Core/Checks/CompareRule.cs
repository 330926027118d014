namespace ChatNetOps.Core.Checks;

using ChatNetOps.Core.Parsing;

/// <summary>
/// One <c>compare:</c> rule over a check's parsed rows, written in the verdict expression language (no code runs):
/// <c>{name: neighbour is FULL again, on: after, where: 'neighbor_id == input_neighbor', expect: 'state == "FULL"'}</c>.
/// The change's inputs are fields named <c>input_&lt;name&gt;</c>; <see cref="Where"/> selects rows (all when absent).
/// </summary>
public sealed record CompareRule(string Name, CheckPhase On, VerdictExpression? Where, CompareExpectation Expect)
{
    /// <summary>The condition every selected row must meet (<see cref="CompareExpectation.Condition"/>).</summary>
    public VerdictExpression? Condition { get; init; }

    /// <summary>The numeric field compared with the pre-check's row of the same key (<see cref="CompareExpectation.MaxIncrease"/>).</summary>
    public string? Field { get; init; }

    /// <summary>How much <see cref="Field"/> may grow since the pre-check.</summary>
    public long Tolerance { get; init; }
}
