namespace ChatNetOps.Core.Requests;

using ChatNetOps.Core.Policy;

/// <summary>
/// The rules every decision obeys, whatever is decided. Today a run's approval or rejection is the only kind
/// (<see cref="DecisionService"/>); another kind (a rollback confirmation, say) checks its own subject against the same
/// rules: decided where it was asked, before its deadline, by someone other than who asked, and bound to the hash of
/// exactly what was asked. Who holds the authority (grant, approver roles) is the access policy's.
/// </summary>
public static class DecisionRules
{
    /// <summary>A decision is made in the conversation it was asked in, where everyone who watches the request sees it.</summary>
    public static bool IsWhereAsked(ConversationRef askedIn, ConversationRef decidedIn)
    {
        ArgumentNullException.ThrowIfNull(askedIn);
        return askedIn.IsSameAs(decidedIn);
    }

    /// <summary>Past its deadline a decision can no longer be made; what waited for it expires.</summary>
    public static bool IsPastDeadline(DateTimeOffset? deadline, DateTimeOffset now) => deadline is { } at && now >= at;

    /// <summary>
    /// Whether the decider is the person who asked: the same policy member, or the same chat user (a second engineer
    /// decides, never the requester under another name).
    /// </summary>
    public static bool IsRequester(Actor requester, Member decider, Actor deciderActor)
    {
        ArgumentNullException.ThrowIfNull(requester);
        ArgumentNullException.ThrowIfNull(decider);
        ArgumentNullException.ThrowIfNull(deciderActor);
        return string.Equals(decider.Id, requester.MemberId, StringComparison.OrdinalIgnoreCase)
            || (deciderActor.Platform == requester.Platform && string.Equals(deciderActor.UserId, requester.UserId, StringComparison.Ordinal));
    }

    /// <summary>Whether what is decided is still exactly what was asked: the hash recomputed now equals the one asked for.</summary>
    public static bool IsUnchanged(string askedHash, string currentHash) => string.Equals(askedHash, currentHash, StringComparison.Ordinal);
}
