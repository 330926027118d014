namespace ChatNetOps.Slack.Processing;

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Dialog;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Slack.BlockKit;
using ChatNetOps.Slack.Users;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// Processes acknowledged Slack work off the request path, <see cref="SlackOptions.Concurrency"/> at a time: who is
/// it (policy member), where (conversation), what (text or card action) → <see cref="DialogService"/> → Slack.
/// </summary>
internal sealed class SlackWorkProcessor(
    SlackWorkQueue queue,
    DialogService dialog,
    SlackUserDirectory users,
    SlackConversations conversations,
    SlackResponder responder,
    FormStore forms,
    IOptions<SlackOptions> options,
    ILogger<SlackWorkProcessor> logger) : BackgroundService
{
    public const string FormGoneText = "That form is no longer available (forms are kept for a limited time). Run the command again.";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Concurrency).Select(_ => Task.Run(() => LoopAsync(stoppingToken), CancellationToken.None)));

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await ProcessAsync(work, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Log.ProcessingFailed(logger, e, work.Kind, System.Diagnostics.Activity.Current?.TraceId.ToString() ?? "-");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal Task ProcessAsync(SlackWork work, CancellationToken cancellationToken) => work switch
    {
        SlackWork.Command command => CommandAsync(command, cancellationToken),
        SlackWork.ButtonPress press => ButtonAsync(press, cancellationToken),
        SlackWork.FormSubmitted submitted => SubmittedAsync(submitted, cancellationToken),
        SlackWork.FormGone gone => responder.NoticeAsync(new ReplyContext(gone.Metadata.Channel ?? string.Empty, gone.UserId, gone.Metadata.ThreadTs, gone.Metadata.ResponseUrl, gone.Metadata.ResponseUrl is not null), FormGoneText, cancellationToken),
        SlackWork.Message message => MessageAsync(message, cancellationToken),
        _ => throw new InvalidOperationException($"Unhandled Slack work {work.GetType().Name}; add it to {nameof(SlackWorkProcessor)}."),
    };

    private async Task CommandAsync(SlackWork.Command work, CancellationToken cancellationToken)
    {
        var slash = work.Slash;
        var who = await users.ResolveAsync(slash.UserId, slash.UserName, cancellationToken);
        var where = await conversations.ResolveAsync(slash.ChannelId, null, slash.ChannelName == "directmessage" ? "im" : null, slash.ChannelName, cancellationToken);
        var chatEvent = ChatEvent.Message(where, slash.UserId, who.DisplayName, Mrkdwn.Unescape(slash.Text)) with { Email = who.Email };
        var result = await dialog.HandleAsync(chatEvent, cancellationToken);
        await responder.DeliverAsync(result, new ReplyContext(slash.ChannelId, slash.UserId, null, slash.ResponseUrl, UseResponseUrl: true) { TriggerId = slash.TriggerId }, cancellationToken);
    }

    private async Task ButtonAsync(SlackWork.ButtonPress work, CancellationToken cancellationToken)
    {
        var payload = work.Payload;
        var channel = payload.Container?.ChannelId ?? payload.Channel?.Id;
        if (channel is null || payload.User is null)
        {
            return;
        }

        var messageTs = payload.Container?.MessageTs ?? payload.Message?.Ts;
        var threadTs = payload.Container?.ThreadTs ?? payload.Message?.ThreadTs;
        var reply = new ReplyContext(channel, payload.User.Id, threadTs, payload.ResponseUrl, UseResponseUrl: false) { TriggerId = payload.TriggerId };
        var data = ParseValue(work.Action.Value);
        if (data[BlockKitRenderer.FormKey] is JsonValue formId && formId.GetValueKind() == JsonValueKind.String)
        {
            data.Remove(BlockKitRenderer.FormKey);
            var form = await forms.FindAsync(formId.GetValue<string>(), cancellationToken);
            if (form is null)
            {
                await responder.NoticeAsync(reply, FormGoneText, cancellationToken);
                return;
            }

            if (form.Inputs.Count > 0)
            {
                if (reply.TakeTrigger() is not { } trigger || !await responder.OpenFormAsync(trigger, form, reply, messageTs, cancellationToken))
                {
                    await responder.NoticeAsync(reply, "Slack did not open the form in time; press the button again.", cancellationToken);
                }

                return;
            }

            data = (JsonObject)form.Data.DeepClone();
        }

        var who = await users.ResolveAsync(payload.User.Id, payload.User.Name ?? payload.User.Username, cancellationToken);
        var where = await conversations.ResolveAsync(channel, threadTs, null, null, cancellationToken);
        var action = new CardAction(Verb(work.Action.ActionId), data, messageTs);
        var chatEvent = ChatEvent.Press(where, payload.User.Id, who.DisplayName, action) with { Email = who.Email };
        var result = await dialog.HandleAsync(chatEvent, cancellationToken);
        await responder.DeliverAsync(result, reply, cancellationToken);
    }

    private async Task SubmittedAsync(SlackWork.FormSubmitted work, CancellationToken cancellationToken)
    {
        var metadata = work.Metadata;
        if (metadata.Channel is not { Length: > 0 } channel || work.Payload.User is not { } user)
        {
            return;
        }

        var data = (JsonObject)work.Form.Data.DeepClone();
        foreach (var (key, value) in work.Values)
        {
            data[key] = value?.DeepClone();
        }

        var who = await users.ResolveAsync(user.Id, user.Name ?? user.Username, cancellationToken);
        var where = await conversations.ResolveAsync(channel, metadata.ThreadTs, null, null, cancellationToken);
        var chatEvent = ChatEvent.Press(where, user.Id, who.DisplayName, new CardAction(work.Form.Verb, data, metadata.MessageTs)) with { Email = who.Email };
        var result = await dialog.HandleAsync(chatEvent, cancellationToken);
        var reply = new ReplyContext(channel, user.Id, metadata.ThreadTs, metadata.ResponseUrl, UseResponseUrl: metadata.ResponseUrl is not null);
        await responder.DeliverAsync(result, reply, cancellationToken);
    }

    private async Task MessageAsync(SlackWork.Message work, CancellationToken cancellationToken)
    {
        var e = work.Event;
        var who = await users.ResolveAsync(e.User!, null, cancellationToken);
        var thread = e.ThreadTs;
        var where = await conversations.ResolveAsync(e.Channel!, thread, e.ChannelType, null, cancellationToken);
        var chatEvent = ChatEvent.Message(where, e.User!, who.DisplayName, Mrkdwn.Unescape(e.Text ?? string.Empty)) with { Email = who.Email };
        var result = await dialog.HandleAsync(chatEvent, cancellationToken);
        await responder.DeliverAsync(result, new ReplyContext(e.Channel!, e.User!, thread, null, UseResponseUrl: false), cancellationToken);
    }

    /// <summary>The verb of a button: its action_id without the <c>#n</c> that keeps action_ids unique.</summary>
    internal static string Verb(string actionId)
    {
        var hash = actionId.LastIndexOf('#');
        return hash > 0 && int.TryParse(actionId.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _) ? actionId[..hash] : actionId;
    }

    private static JsonObject ParseValue(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(value) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
