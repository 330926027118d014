namespace ChatNetOps.Teams.Activities;

/// <summary>Teams' <c>channelData</c>: which tenant, team and channel the activity belongs to.</summary>
internal sealed record TeamsChannelData
{
    public TenantInfo? Tenant { get; init; }

    public TeamInfo? Team { get; init; }

    public ChannelInfo? Channel { get; init; }

    public string? EventType { get; init; }

    public string? TeamsChannelId { get; init; }

    public string? TeamsTeamId { get; init; }
}
