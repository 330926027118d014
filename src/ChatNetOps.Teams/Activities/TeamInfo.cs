namespace ChatNetOps.Teams.Activities;

internal sealed record TeamInfo(string? Id)
{
    public string? Name { get; init; }

    public string? AadGroupId { get; init; }
}
