namespace ChatNetOps.Teams.Connector;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Teams.Activities;
using ChatNetOps.Teams.Hosting;
using Microsoft.Extensions.Options;

/// <summary>
/// Messages nobody asked for in that moment: a new thread in an incident channel, or a 1:1 chat with a user
/// (<c>POST v3/conversations</c>). The app must already be installed there; Teams cannot create channels or group chats.
/// </summary>
internal sealed class TeamsProactiveMessenger(IConnectorClient connector, ServiceUrlRegistry serviceUrls, TeamsMessenger messenger, IOptions<TeamsOptions> options)
{
    /// <summary>Starts a new thread in a channel; returns the thread's conversation id (<c>…;messageid=…</c>) and activity id.</summary>
    public async Task<ConversationResourceResponse> PostToChannelAsync(Uri serviceUrl, string channelId, string? tenantId, OutboundMessage message, CancellationToken cancellationToken)
    {
        var target = new TeamsTarget(serviceUrl, channelId, channelId);
        var card = await messenger.PrepareCardAsync(message, target, cancellationToken).ConfigureAwait(false);
        var channelData = new JsonObject { ["channel"] = new JsonObject { ["id"] = channelId } };
        if (tenantId is not null)
        {
            channelData["tenant"] = new JsonObject { ["id"] = tenantId };
        }

        var created = await connector.CreateConversationAsync(serviceUrl, new ConversationParameters
        {
            IsGroup = true,
            Bot = Bot(),
            ChannelData = channelData,
            TenantId = tenantId,
            Activity = OutboundActivities.ToActivity(message, card),
        }, cancellationToken).ConfigureAwait(false);
        await RememberAsync(created, serviceUrl, tenantId, channelId, cancellationToken).ConfigureAwait(false);
        return created;
    }

    /// <summary>Opens (or finds) the 1:1 chat with a user (MRI or AAD object id) and posts the message there.</summary>
    public async Task<ConversationResourceResponse> SendDirectAsync(Uri serviceUrl, string userId, string? tenantId, OutboundMessage message, CancellationToken cancellationToken)
    {
        var created = await connector.CreateConversationAsync(serviceUrl, new ConversationParameters
        {
            IsGroup = false,
            Bot = Bot(),
            Members = [new ChannelAccount(userId)],
            TenantId = tenantId,
            ChannelData = tenantId is null ? null : new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenantId } },
        }, cancellationToken).ConfigureAwait(false);
        var conversationId = created.Id ?? throw new ConnectorException(System.Net.HttpStatusCode.OK, null, "The Connector created a 1:1 conversation but returned no id.");
        await RememberAsync(created, serviceUrl, tenantId, conversationId, cancellationToken).ConfigureAwait(false);
        var id = await messenger.DeliverOneAsync(new TeamsTarget(serviceUrl, conversationId, conversationId), message, cancellationToken).ConfigureAwait(false);
        return created with { ActivityId = id };
    }

    private ChannelAccount Bot() => new(options.Value.MicrosoftAppId is { Length: > 0 } appId ? "28:" + appId : null, options.Value.BotName);

    /// <summary>The conversation was created at a trusted serviceUrl; keep that one (not any the answer names) for it.</summary>
    private async Task RememberAsync(ConversationResourceResponse created, Uri serviceUrl, string? tenantId, string key, CancellationToken cancellationToken) =>
        await serviceUrls.RecordAsync(serviceUrl.AbsoluteUri, tenantId, key, created.Id, cancellationToken).ConfigureAwait(false);
}
