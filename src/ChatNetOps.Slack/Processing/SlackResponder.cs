namespace ChatNetOps.Slack.Processing;

using ChatNetOps.Conversation.Dialog;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Slack.BlockKit;
using ChatNetOps.Slack.WebApi;
using ChatNetOps.Slack.WebApi.Wire;
using Microsoft.Extensions.Logging;

/// <summary>
/// Sends the messages of a <see cref="DialogResult"/> to Slack, one by one: ephemeral answers to the acting user (response_url for slash
/// commands, chat.postEphemeral for button presses and mentions, the conversation itself in a direct message), in-place
/// updates with chat.update, everything else with chat.postMessage, attaching each posted request card to its request.
/// A card that is only a form opens as a modal when a fresh trigger_id is at hand.
/// </summary>
internal sealed class SlackResponder(
    IChatApi chat,
    IViewsApi views,
    IResponseUrlClient responseUrls,
    IFilesApi files,
    FormStore forms,
    DialogService dialog,
    SlackRateLimiter limiter,
    ILogger<SlackResponder> logger)
{
    public const string NotInChannelText = "I can't post in this conversation. Invite me with `/invite @ChatNetOps` (or use a channel I'm in), then try again.";

    /// <summary>Sends one message of a dialog result; <paramref name="attach"/>: it is a request's card, attach the posted ts to the request.</summary>
    public async Task DeliverOneAsync(OutboundMessage message, bool attach, ReplyContext reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(reply);
        var rendering = await RenderAsync(message, cancellationToken);

        // A card that is only a form (a runbook's missing inputs) opens as a modal for the person who asked, while
        // the interaction's trigger_id is fresh; otherwise it is posted with a button that opens it.
        if (rendering.IsFormOnly && message.ReplaceMessageId is null && reply.TakeTrigger() is { } trigger
            && await OpenFormAsync(trigger, rendering.Forms[0], reply, null, cancellationToken))
        {
            return;
        }

        // In a direct message everything is private already: an answer for the user alone is posted there (paced per
        // conversation) unless a response_url is at hand; chat.postEphemeral's pace is the whole workspace's.
        if (message.Ephemeral && (HasResponseUrl(reply) || !IsDirect(reply)))
        {
            await EphemeralAsync(reply, rendering.Message, cancellationToken);
            return;
        }

        if (message.ReplaceMessageId is { } ts)
        {
            var updated = await chat.UpdateAsync(reply.Channel, ts, rendering.Message, cancellationToken);
            if (updated.IsOk)
            {
                return;
            }

            Log.DeliveryFailed(logger, reply.Channel, updated.Error!);
        }

        var posted = await chat.PostMessageAsync(reply.Channel, rendering.Message, reply.ThreadTs, cancellationToken);
        if (posted.IsOk)
        {
            if (attach && message.RequestId is { } requestId && posted.Value!.Ts is { } postedTs)
            {
                await dialog.AttachMessageAsync(requestId, postedTs, $"slack://channel?id={reply.Channel}&message={postedTs}", cancellationToken);
            }

            if (message.File is { } file)
            {
                await ShareFileAsync(reply, file, cancellationToken);
            }

            return;
        }

        Log.DeliveryFailed(logger, reply.Channel, posted.Error!);
        if (posted.Error is "not_in_channel" or "channel_not_found")
        {
            await EphemeralAsync(reply, BlockKitRenderer.RenderText(NotInChannelText), cancellationToken);
        }

        await EphemeralAsync(reply, rendering.Message, cancellationToken);
    }

    /// <summary>
    /// How long sending <paramref name="message"/> now would be held back by the rate tier of the call it needs
    /// (chat.postMessage in the channel, chat.update, chat.postEphemeral); zero for a response_url answer.
    /// </summary>
    public TimeSpan Backlog(OutboundMessage message, ReplyContext reply)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(reply);
        if (message.Ephemeral && HasResponseUrl(reply))
        {
            return TimeSpan.Zero;
        }

        if (message.Ephemeral && !IsDirect(reply))
        {
            return limiter.Backlog(SlackMethods.PostEphemeral, null);
        }

        return message.ReplaceMessageId is null ? limiter.Backlog(SlackMethods.PostMessage, reply.Channel) : limiter.Backlog(SlackMethods.Update, null);
    }

    private static bool HasResponseUrl(ReplyContext reply) => reply.UseResponseUrl && Uri.TryCreate(reply.ResponseUrl, UriKind.Absolute, out _);

    /// <summary>A direct message with the bot (Slack's D… conversation ids).</summary>
    private static bool IsDirect(ReplyContext reply) => reply.Channel.StartsWith('D');

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

    /// <summary>
    /// Shares a file under the message just posted (in its thread, when it was posted in one): upload URL, bytes,
    /// completion. A failure at any step is logged and the user is told the file could not be attached.
    /// </summary>
    private async Task ShareFileAsync(ReplyContext reply, OutboundFile file, CancellationToken cancellationToken)
    {
        var error = await ShareFileAsync(reply.Channel, reply.ThreadTs, file, cancellationToken);
        if (error is null)
        {
            return;
        }

        Log.FileShareFailed(logger, file.Name, reply.Channel, error);
        await NoticeAsync(reply, FileNotAttachedText(file.Name, error), cancellationToken);
    }

    /// <summary>What the reader of a message is told when its file could not be shared.</summary>
    public static string FileNotAttachedText(string fileName, string error) =>
        $"I could not attach {fileName} ({error}); the summary above stands. Ask again later, or get the file on the bot host.";

    /// <summary>Shares <paramref name="file"/> in <paramref name="channel"/> (and thread); null when shared, else Slack's error code.</summary>
    public async Task<string?> ShareFileAsync(string channel, string? threadTs, OutboundFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var url = await files.GetUploadUrlExternalAsync(file.Name, file.Content.Length, cancellationToken);
        if (!url.IsOk)
        {
            return url.Error;
        }

        if (url.Value!.FileId is not { Length: > 0 } fileId || !Uri.TryCreate(url.Value.UploadUrl, UriKind.Absolute, out var uploadUrl))
        {
            return "invalid_response";
        }

        var uploaded = await files.UploadAsync(uploadUrl, file.Name, file.ContentType, file.Content, cancellationToken);
        if (!uploaded.IsOk)
        {
            return uploaded.Error;
        }

        var completed = await files.CompleteUploadExternalAsync(fileId, file.Title, channel, threadTs, cancellationToken);
        return completed.IsOk ? null : completed.Error;
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
