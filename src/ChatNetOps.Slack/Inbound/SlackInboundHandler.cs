namespace ChatNetOps.Slack.Inbound;

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChatNetOps.Slack.BlockKit;
using ChatNetOps.Slack.BlockKit.Blocks;
using ChatNetOps.Slack.Inbound.Wire;
using ChatNetOps.Slack.Processing;
using Microsoft.Extensions.Logging;

/// <summary>
/// What happens inside Slack's 3-second window, for HTTP and Socket Mode alike: parse, drop repeats, queue the work,
/// and answer at once. Validation errors of a modal are the only thing answered synchronously.
/// </summary>
internal sealed class SlackInboundHandler(SlackWorkQueue queue, SlackDeduplicator dedup, FormStore forms, ILogger<SlackInboundHandler> logger)
{
    public const string BusyText = "ChatNetOps is busy right now; please try again in a minute.";

    public SlashCommandResponse HandleCommand(SlashCommand command)
    {
        if (!queue.TryEnqueue(new SlackWork.Command(command)))
        {
            Log.QueueFull(logger, "slash_command", command.UserId);
            return new SlashCommandResponse(BusyText);
        }

        var text = command.Text.Trim();
        var echo = text.Length == 0 ? command.Command : $"{command.Command} {(text.Length > 80 ? text[..80] + "…" : text)}";
        return new SlashCommandResponse($"Working on `{Mrkdwn.Escape(echo).Replace("`", "'", StringComparison.Ordinal)}`…");
    }

    public InteractionAck HandleInteraction(InteractionPayload payload)
    {
        switch (payload.Type)
        {
            case InteractionPayload.BlockActions:
                foreach (var action in payload.Actions ?? [])
                {
                    var key = $"ba:{payload.User?.Id}:{action.ActionTs}:{action.BlockId}:{action.ActionId}";
                    if (!dedup.TryBegin(key))
                    {
                        Log.Duplicate(logger, "block_actions", action.ActionId, "-");
                        continue;
                    }

                    if (action.Url is not null || action.ActionId.StartsWith("openUrl", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    Enqueue(new SlackWork.ButtonPress(payload, action));
                }

                return InteractionAck.Empty;

            case InteractionPayload.ViewSubmission when payload.View is { } view:
                if (!dedup.TryBegin($"vs:{view.Id}:{view.Hash}"))
                {
                    Log.Duplicate(logger, "view_submission", view.Id, "-");
                    return InteractionAck.Empty;
                }

                return Submit(payload, view);

            default:
                return InteractionAck.Empty;
        }
    }

    /// <summary>Events API: the challenge (only ever called after the signature passed), or null after queueing the event once.</summary>
    public string? HandleEvent(EventEnvelope envelope, string? retryNum)
    {
        if (envelope.Type == EventEnvelope.UrlVerification)
        {
            return envelope.Challenge ?? string.Empty;
        }

        if (envelope.Type != EventEnvelope.EventCallback || envelope.Event is not { } e)
        {
            return null;
        }

        if (!dedup.TryBegin("ev:" + (envelope.EventId ?? $"{e.Channel}:{e.Ts}")))
        {
            Log.Duplicate(logger, "event", envelope.EventId ?? "-", retryNum ?? "-");
            return null;
        }

        var bot = envelope.Authorizations?.FirstOrDefault(a => a.IsBot)?.UserId;
        var isMention = e.Type == SlackEvent.AppMention;
        var isDirect = e.Type == SlackEvent.Message && e.ChannelType == "im" && e.Subtype is null;
        if ((isMention || isDirect) && e.BotId is null && e.User is { Length: > 0 } user && user != bot && e.Channel is { Length: > 0 })
        {
            Enqueue(new SlackWork.Message(e));
        }

        return null;
    }

    private InteractionAck Submit(InteractionPayload payload, InteractionView view)
    {
        FormMetadata? metadata = null;
        try
        {
            metadata = view.PrivateMetadata is { Length: > 0 } json ? JsonSerializer.Deserialize(json, SlackJsonContext.Default.FormMetadata) : null;
        }
        catch (JsonException)
        {
        }

        if (metadata is null || view.CallbackId != BlockKitRenderer.FormCallbackId)
        {
            return InteractionAck.Empty;
        }

        var form = forms.Find(metadata.Form);
        if (form is null)
        {
            Enqueue(new SlackWork.FormGone(payload, metadata));
            return InteractionAck.Empty;
        }

        var values = new JsonObject();
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in form.Inputs)
        {
            if (input.Block is not InputBlock)
            {
                continue;
            }

            string? value = null;
            if (view.State?.Values is { } state && state.TryGetValue(input.Id, out var block) && block.TryGetValue(input.Id, out var entry))
            {
                value = entry.SelectedOption?.Value ?? entry.Value;
            }

            if (string.IsNullOrEmpty(value))
            {
                if (input.Required)
                {
                    errors[input.Id] = input.ErrorMessage ?? "This is required.";
                }

                continue;
            }

            if (input.Regex is { Length: > 0 } pattern && !Matches(pattern, value))
            {
                errors[input.Id] = input.ErrorMessage ?? "This value is not valid.";
                continue;
            }

            values[input.Id] = value;
        }

        if (errors.Count > 0)
        {
            return new InteractionAck(new ViewSubmissionErrors(errors));
        }

        Enqueue(new SlackWork.FormSubmitted(payload, form, metadata, values));
        return InteractionAck.Empty;
    }

    private static bool Matches(string pattern, string value)
    {
        try
        {
            return Regex.IsMatch(value, pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private void Enqueue(SlackWork work)
    {
        if (!queue.TryEnqueue(work))
        {
            Log.QueueFull(logger, work.Kind, work.UserId);
        }
    }
}
