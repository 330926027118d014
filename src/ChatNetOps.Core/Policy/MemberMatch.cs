namespace ChatNetOps.Core.Policy;

using ChatNetOps.Core.Requests;

/// <summary>The policy member behind a chat identity, and how it was found (recorded with the actor in the audit trail).</summary>
public sealed record MemberMatch(Member Member, string Method)
{
    public const string SlackUserId = "slack-user-id";
    public const string TeamsAadObjectId = "teams-aad-object-id";
    public const string ConsoleMemberId = "console-member-id";
    public const string ByEmail = "email";

    /// <summary>The actor as this member, with the way they were matched.</summary>
    public Actor Apply(Actor actor) => actor with { MemberId = Member.Id, MatchedBy = Method };
}
