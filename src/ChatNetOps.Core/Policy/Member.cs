namespace ChatNetOps.Core.Policy;

/// <summary>A person in the policy, known by any of their chat identities.</summary>
/// <param name="Id">The policy's own short name for the person (e.g. <c>alice</c>).</param>
public sealed record Member(string Id, string DisplayName, IReadOnlyList<string> Roles)
{
    public string? SlackUserId { get; init; }

    public string? TeamsAadObjectId { get; init; }

    public string? Email { get; init; }
}
