namespace ChatNetOps.Teams.Activities;

/// <summary>A user or bot: <c>29:…</c> (user MRI) or <c>28:…</c> (bot); members API answers add email and UPN.</summary>
internal sealed record ChannelAccount(string? Id, string? Name = null)
{
    public string? AadObjectId { get; init; }

    public string? Role { get; init; }

    public string? Email { get; init; }

    public string? UserPrincipalName { get; init; }

    public string? TenantId { get; init; }
}
