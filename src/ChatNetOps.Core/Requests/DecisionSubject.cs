namespace ChatNetOps.Core.Requests;

/// <summary>
/// What waits for a decision, whatever its kind: who asked, where, until when, and the hash of exactly what was asked.
/// <see cref="DecisionRules.Check"/> applies the rules every kind shares to it.
/// </summary>
public sealed record DecisionSubject(DecisionKind Kind, string Id, Actor Requester, ConversationRef AskedIn, DateTimeOffset? Deadline, string Hash)
{
    /// <summary>How the decider is told what it is: the <see cref="Id"/> unless the kind keeps an internal id (a severity proposal).</summary>
    public string Title { get => field ?? Id; init; }

    /// <summary>A waiting run request as a decision subject.</summary>
    public static DecisionSubject Of(RunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new DecisionSubject(request.RollbackOf is null ? DecisionKind.RunbookRun : DecisionKind.RollbackConfirmation, request.Id, request.Requester, request.Origin, request.ExpiresAt, request.ApprovalHash);
    }
}
