namespace ChatNetOps.Slack.Processing;

using ChatNetOps.Conversation.Dialog;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Slack.BlockKit;
using ChatNetOps.Slack.WebApi;
using ChatNetOps.Slack.WebApi.Wire;
using Microsoft.Extensions.Logging;

/// <summary>
/// Sends a <see cref="DialogResult"/> to Slack: ephemeral answers to the acting user (response_url for slash
/// commands, chat.postEphemeral for button presses), in-place updates with chat.update, everything else with
/// chat.postMessage, attaching each posted request card to its request. A card that is only a form opens as a
/// modal when a fresh trigger_id is at hand.
/// </summary>
internal sealed class SlackResponder(
    IChatApi chat,
    IViewsApi views,
    IResponseUrlClient responseUrls,
    FormStore forms,
    DialogService dialog,
    ILogger<SlackResponder> logger)
{
    public const string NotInChannelText = "I can't post in this conversation. Invite me with `/invite @ChatNetOps` (or use a channel I'm in), then try again.";

    public async Task DeliverAsync(DialogResult result, ReplyContext reply, CancellationToken cancellationToken)
    {
        var attach = result.MessagesToAttach.ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var message in result.Messages)
        {
            var rendering = await RenderAsync(message, cancellationToken);

            // A card that is only a form (a runbook's missing inputs) opens as a modal for the person who asked, while
            // the interaction's trigger_id is fresh; otherwise it is posted with a button that opens it.
            if (rendering.IsFormOnly && message.ReplaceMessageId is null && reply.TakeTrigger() is { } trigger
                && await OpenFormAsync(trigger, rendering.Forms[0], reply, null, cancellationToken))
            {
                continue;
            }

            if (message.Ephemeral)
            {
                await EphemeralAsync(reply, rendering.Message, cancellationToken);
                continue;
            }

            if (message.ReplaceMessageId is { } ts)
            {
                var updated = await chat.UpdateAsync(reply.Channel, ts, rendering.Message, cancellationToken);
                if (updated.IsOk)
                {
                    continue;
                }

                Log.DeliveryFailed(logger, reply.Channel, updated.Error!);
            }

            var posted = await chat.PostMessageAsync(reply.Channel, rendering.Message, reply.ThreadTs, cancellationToken);
            if (posted.IsOk)
            {
                if (attach.Contains(message) && message.RequestId is { } requestId && posted.Value!.Ts is { } postedTs)
                {
                    await dialog.AttachMessageAsync(requestId, postedTs, $"slack://channel?id={reply.Channel}&message={postedTs}", cancellationToken);
                }

                continue;
            }

            Log.DeliveryFailed(logger, reply.Channel, posted.Error!);
            if (posted.Error is "not_in_channel" or "channel_not_found")
            {
                await EphemeralAsync(reply, BlockKitRenderer.RenderText(NotInChannelText), cancellationToken);
            }

            await EphemeralAsync(reply, rendering.Message, cancellationToken);
        }
    }

    /// <summary>Tells only the acting user something.</summary>
    public Task NoticeAsync(ReplyContext reply, string text, CancellationToken cancellationToken) =>
        EphemeralAsync(reply, BlockKitRenderer.RenderText(text), cancellationToken);

    /// <summary>Opens a form's modal; false when Slack refused (e.g. expired_trigger_id).</summary>
    public async Task<bool> OpenFormAsync(string triggerId, CardForm form, ReplyContext reply, string? messageTs, CancellationToken cancellationToken)
    {
        var metadata = new FormMetadata(form.Id)
        {
            Channel = reply.Channel,
            MessageTs = messageTs,
            ThreadTs = reply.ThreadTs,
            ResponseUrl = reply.UseResponseUrl ? reply.ResponseUrl : null,
        };
        var opened = await views.OpenAsync(triggerId, BlockKitRenderer.RenderModal(form, metadata), cancellationToken);
        return opened.IsOk;
    }

    /// <summary>
    /// The message as Block Kit; the forms its buttons open are kept in the <see cref="FormStore"/> (shared by the
    /// replicas) before the message can be sent, so any replica can open them when a button is pressed.
    /// </summary>
    public async Task<BlockKitRendering> RenderAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Card is null)
        {
            return new BlockKitRendering(BlockKitRenderer.RenderText(message.Text), [], IsFormOnly: false);
        }

        var rendering = BlockKitRenderer.Render(message.Card, message.Text, message.ApproverIds);
        await Task.WhenAll(rendering.Forms.Select(form => forms.AddAsync(form, cancellationToken)));
        return rendering;
    }

    private async Task EphemeralAsync(ReplyContext reply, SlackMessage message, CancellationToken cancellationToken)
    {
        if (reply.UseResponseUrl && Uri.TryCreate(reply.ResponseUrl, UriKind.Absolute, out var url))
        {
            var sent = await responseUrls.SendAsync(url, new ResponseUrlMessage(message.Text, message.Blocks) { ReplaceOriginal = false }, cancellationToken);
            if (sent.IsOk)
            {
                return;
            }
        }

        var posted = await chat.PostEphemeralAsync(reply.Channel, reply.UserId, message, reply.ThreadTs, cancellationToken);
        if (!posted.IsOk)
        {
            Log.DeliveryFailed(logger, reply.Channel, posted.Error!);
        }
    }
}
