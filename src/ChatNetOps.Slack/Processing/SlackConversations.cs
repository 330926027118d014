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

    public async Task<ConversationRef> ResolveAsync(string channel, string? threadTs, string? channelType, CancellationToken cancellationToken)
    {
        var kind = await KindAsync(channel, channelType, cancellationToken);
        return new ConversationRef(ChatPlatform.Slack, channel, kind) { ThreadId = threadTs, Link = $"slack://channel?id={channel}" };
    }

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
