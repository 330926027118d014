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
        var card = await messenger.PrepareCardAsync(message.Card, target, cancellationToken).ConfigureAwait(false);
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
        Remember(created, serviceUrl, channelId);
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
        Remember(created, serviceUrl, conversationId);
        var id = await messenger.DeliverOneAsync(new TeamsTarget(serviceUrls.Find(conversationId) ?? serviceUrl, conversationId, conversationId), message, cancellationToken).ConfigureAwait(false);
        return created with { ActivityId = id };
    }

    private ChannelAccount Bot() => new(options.Value.MicrosoftAppId is { Length: > 0 } appId ? "28:" + appId : null, options.Value.BotName);

    private void Remember(ConversationResourceResponse created, Uri serviceUrl, string key)
    {
        // The answer may name a different serviceUrl only on the same trusted host family; keep the one we called.
        serviceUrls.Record(serviceUrl.AbsoluteUri, key, created.Id);
    }
}
