namespace ChatNetOps.Core.Requests;

using ChatNetOps.Core.Policy;

/// <summary>Who did something: the chat identity and, when known, the policy member behind it.</summary>
public sealed record Actor(ChatPlatform Platform, string UserId, string DisplayName)
{
    /// <summary>The policy member id, when the user is known to the policy.</summary>
    public string? MemberId { get; init; }

    public static Actor System { get; } = new(ChatPlatform.Console, "system", "ChatNetOps") { MemberId = "system" };

    public override string ToString() => MemberId is null ? $"{DisplayName} ({Platform}:{UserId})" : $"{DisplayName} ({MemberId})";
}
