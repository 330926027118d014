namespace ChatNetOps.Core.Requests;

using ChatNetOps.Core.Policy;

/// <summary>
/// The rules every decision obeys, whatever its <see cref="DecisionKind"/>: a run's approval (<see cref="DecisionService"/>),
/// a severity confirmation (<see cref="Incidents.SeverityService"/>), and the other kinds check their
/// <see cref="DecisionSubject"/> against the same rules: decided where it was asked, before its deadline, by someone other
/// than who asked, and bound to the hash of exactly what was asked. Who holds the authority (grant, approver roles,
/// the policy's confirmer roles) is the access policy's, per kind.
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

    /// <summary>
    /// The shared rules in their order — where asked, deadline, not the requester, unchanged — over any kind's
    /// <paramref name="subject"/>; null when the decider may decide it. <paramref name="currentHash"/> is the hash of
    /// the subject as it is now.
    /// </summary>
    public static DecisionRefusal? Check(DecisionSubject subject, Member decider, Actor deciderActor, ConversationRef decidedIn, DateTimeOffset now, string currentHash)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (!IsWhereAsked(subject.AskedIn, decidedIn))
        {
            return new DecisionRefusal(DenialReason.WrongConversation, $"{subject.Title} belongs to another conversation; decide it where it was asked.");
        }

        if (IsPastDeadline(subject.Deadline, now))
        {
            return new DecisionRefusal(DenialReason.DecisionExpired, $"{subject.Title} has expired; ask again.");
        }

        if (IsRequester(subject.Requester, decider, deciderActor))
        {
            return new DecisionRefusal(DenialReason.SelfApproval, $"You asked for {subject.Title}; someone else must decide it.");
        }

        return IsUnchanged(subject.Hash, currentHash)
            ? null
            : new DecisionRefusal(DenialReason.SubjectChanged, $"{subject.Title} changed since it was asked; what is decided must be exactly what was asked.");
    }
}

/// <summary>Why a decision may not be made: the denial reason recorded and the message the decider is told.</summary>
public sealed record DecisionRefusal(DenialReason Reason, string Message);
