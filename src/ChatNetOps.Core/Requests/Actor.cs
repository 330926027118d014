namespace ChatNetOps.Core.Requests;

using ChatNetOps.Core.Policy;

/// <summary>Who did something: the chat identity and, when known, the policy member behind it.</summary>
public sealed record Actor(ChatPlatform Platform, string UserId, string DisplayName)
{
    /// <summary>The policy member id, when the user is known to the policy.</summary>
    public string? MemberId { get; init; }

    /// <summary>
    /// How the member was found: <c>slack-user-id</c>, <c>teams-aad-object-id</c>, <c>console-member-id</c> or
    /// <c>email</c> (<see cref="Policy.MemberMatch"/>). Part of the audit event's hash when set.
    /// </summary>
    public string? MatchedBy { get; init; }

    public static Actor System { get; } = new(ChatPlatform.Console, "system", "ChatNetOps") { MemberId = "system" };

    public override string ToString() => MemberId is null ? $"{DisplayName} ({Platform}:{UserId})" : $"{DisplayName} ({MemberId})";
}
