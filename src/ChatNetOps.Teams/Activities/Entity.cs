namespace ChatNetOps.Teams.Activities;

/// <summary>An activity entity; only <c>mention</c> entities are read (<see cref="Mentioned"/> and the <c>&lt;at&gt;</c> <see cref="Text"/>).</summary>
internal sealed record Entity(string? Type)
{
    public const string MentionType = "mention";

    public ChannelAccount? Mentioned { get; init; }

    public string? Text { get; init; }
}
