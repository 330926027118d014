namespace ChatNetOps.Core.Channels;

using ChatNetOps.Core.Policy;

/// <summary>What a conversation is bound to right now, which decides the channel kind grants are checked against.</summary>
public sealed record ChannelContext(ChannelKind Kind, string? Incident, string? ChangeWindow)
{
    public string? BoundTo => Incident ?? ChangeWindow;
}
