namespace ChatNetOps.Teams.Connector;

using System.Text.Json.Nodes;
using ChatNetOps.Teams.Activities;

/// <summary>The body of <c>POST v3/conversations</c>: a 1:1 chat (members) or a new thread in a channel (channelData.channel).</summary>
internal sealed record ConversationParameters
{
    public bool? IsGroup { get; init; }

    public ChannelAccount? Bot { get; init; }

    public IReadOnlyList<ChannelAccount>? Members { get; init; }

    public string? TopicName { get; init; }

    public TeamsActivity? Activity { get; init; }

    public JsonObject? ChannelData { get; init; }

    public string? TenantId { get; init; }
}
