namespace ChatNetOps.Slack.Processing;

using System.Collections.Concurrent;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Slack.WebApi;

/// <summary>
/// Slack conversation id → <see cref="ConversationRef"/>. D… is a direct message, C… and G… a channel or group;
/// anything else is asked of conversations.info (cached). Bindings to incidents are resolved server-side from policy.
/// </summary>
internal sealed class SlackConversations(IConversationsApi conversations)
{
    private readonly ConcurrentDictionary<string, ChannelKind> _kinds = new(StringComparer.Ordinal);

    /// <param name="name">The channel's name when the payload carries one (slash commands' <c>channel_name</c>), shown as <c>#name</c>.</param>
    public async Task<ConversationRef> ResolveAsync(string channel, string? threadTs, string? channelType, string? name, CancellationToken cancellationToken)
    {
        var kind = await KindAsync(channel, channelType, cancellationToken);
        return new ConversationRef(ChatPlatform.Slack, channel, kind) { ThreadId = threadTs, Link = $"slack://channel?id={channel}", Name = DisplayName(name, kind) };
    }

    /// <summary>"#name" for a named channel; null for direct messages and Slack's placeholder names.</summary>
    private static string? DisplayName(string? name, ChannelKind kind) =>
        kind == ChannelKind.Direct || string.IsNullOrWhiteSpace(name) || name is "directmessage" or "privategroup" || name.Length > 80 || !name.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.')
            ? null
            : "#" + name;

    private async Task<ChannelKind> KindAsync(string channel, string? channelType, CancellationToken cancellationToken)
    {
        if (channelType == "im" || channel.StartsWith('D'))
        {
            return ChannelKind.Direct;
        }

        if (channelType is "channel" or "group" or "mpim" || channel.StartsWith('C') || channel.StartsWith('G'))
        {
            return ChannelKind.Group;
        }

        if (_kinds.TryGetValue(channel, out var known))
        {
            return known;
        }

        var info = await conversations.InfoAsync(channel, cancellationToken);
        var kind = info.Value?.Channel is { IsIm: true } ? ChannelKind.Direct : ChannelKind.Group;
        if (info.IsOk)
        {
            _kinds[channel] = kind;
        }

        return kind;
    }
}
