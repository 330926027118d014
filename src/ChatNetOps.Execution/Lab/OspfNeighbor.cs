namespace ChatNetOps.Execution.Lab;

/// <summary>
/// One simulated OSPF adjacency. After a reset it is listed the whole recovery time in a state that is not FULL: DOWN
/// for the first quarter, INIT until three quarters, then EXSTART → EXCHANGE → LOADING, and FULL again once the
/// recovery time has passed. It never drops out of the table while it re-forms, so a neighbour check run during the
/// recovery sees it there and not FULL (a missing row would read as "all neighbours up"). Only a shut interface hides it.
/// </summary>
internal sealed class OspfNeighbor(string routerId, string address, string interfaceName, int priority, string role, DateTimeOffset formedAt)
{
    public string RouterId { get; } = routerId;

    public string Address { get; } = address;

    public string Interface { get; } = interfaceName;

    public int Priority { get; } = priority;

    /// <summary>DR, BDR or DROTHER, as the local router sees the neighbour.</summary>
    public string Role { get; } = role;

    public DateTimeOffset FormedAt { get; private set; } = formedAt;

    public DateTimeOffset? ResetAt { get; private set; }

    public void Reset(DateTimeOffset now, TimeSpan recovery)
    {
        ResetAt = now;
        FormedAt = now + recovery;
    }

    public bool Matches(string addressOrRouterId) =>
        string.Equals(RouterId, addressOrRouterId, StringComparison.Ordinal)
        || string.Equals(Address, addressOrRouterId, StringComparison.Ordinal);

    /// <summary>The state shown at <paramref name="now"/>, or null when the neighbour is not listed at all (its interface is shut).</summary>
    public OspfState? StateAt(DateTimeOffset now, TimeSpan recovery, bool interfaceUp)
    {
        if (!interfaceUp)
        {
            return null;
        }

        if (ResetAt is not { } reset || recovery <= TimeSpan.Zero)
        {
            return OspfState.Full;
        }

        var elapsed = now - reset;
        if (elapsed >= recovery)
        {
            return OspfState.Full;
        }

        var fraction = elapsed / recovery;
        return fraction switch
        {
            < 0.25 => OspfState.Down,
            < 0.75 => OspfState.Init,
            < 0.85 => OspfState.ExStart,
            < 0.95 => OspfState.Exchange,
            _ => OspfState.Loading,
        };
    }
}
