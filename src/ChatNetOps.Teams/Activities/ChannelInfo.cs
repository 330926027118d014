namespace ChatNetOps.Teams.Activities;

internal sealed record ChannelInfo(string? Id)
{
    public string? Name { get; init; }
}
