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
/// What happens inside Slack's 3-second window, for HTTP and Socket Mode alike: parse, drop repeats (recorded in the
/// shared chat state store, so a repeat is dropped on whichever replica it lands), put the work on the durable queue
/// (<see cref="SlackWorkInbox"/>), and answer at once. Validation errors of a modal are the only thing answered
/// synchronously. When the store or the queue fails nothing is queued and the answer is <see cref="SlackAck.Unavailable"/>:
/// better retried than processed twice, or acknowledged and lost.
/// </summary>
internal sealed class SlackInboundHandler(SlackWorkInbox inbox, FormStore forms, ILogger<SlackInboundHandler> logger)
{
    /// <summary>
    /// A slash command, queued once per <paramref name="key"/> (over HTTP its signature, which covers the timestamp and
    /// the whole body; over Socket Mode its trigger_id): the "working on it" answer, an empty answer for a replay, or
    /// <see cref="SlackAck.Unavailable"/>.
    /// </summary>
    public async Task<SlackAck> HandleCommandAsync(SlashCommand command, string key)
    {
        ArgumentNullException.ThrowIfNull(command);
        switch (await inbox.AcceptAsync("sc:" + key, new SlackWork.Command(command)))
        {
            case SlackAcceptance.Repeat:
                Log.Duplicate(logger, "slash_command", command.Command, "-");
                return SlackAck.Accepted.Instance;
            case SlackAcceptance.Unavailable:
                return SlackAck.Unavailable.Instance;
        }

        var text = command.Text.Trim();
        var echo = text.Length == 0 ? command.Command : $"{command.Command} {(text.Length > 80 ? text[..80] + "…" : text)}";
        return new SlackAck.Working(new SlashCommandResponse($"Working on `{Mrkdwn.Escape(echo).Replace("`", "'", StringComparison.Ordinal)}`…"));
    }

    /// <summary>
    /// A button press or modal submission: queued once (the repeat check is the shared chat state store), modal input
    /// errors answered at once, or <see cref="SlackAck.Unavailable"/> when the store cannot be consulted.
    /// </summary>
    /// <remarks>
    /// Store calls are not cancelled with the request: once a key is recorded its work must be queued, or a retry
    /// would be dropped as a repeat and the payload lost.
    /// </remarks>
    public async Task<SlackAck> HandleInteractionAsync(InteractionPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        try
        {
            switch (payload.Type)
            {
                case InteractionPayload.BlockActions:
                    foreach (var action in payload.Actions ?? [])
                    {
                        if (action.Url is not null || action.ActionId.StartsWith("openUrl", StringComparison.Ordinal))
                        {
                            continue;
                        }

                        var key = $"ba:{payload.User?.Id}:{action.ActionTs}:{action.BlockId}:{action.ActionId}";
                        switch (await inbox.AcceptAsync(key, new SlackWork.ButtonPress(payload, action)))
                        {
                            case SlackAcceptance.Repeat:
                                Log.Duplicate(logger, "block_actions", action.ActionId, "-");
                                break;
                            case SlackAcceptance.Unavailable:
                                return SlackAck.Unavailable.Instance;
                        }
                    }

                    return SlackAck.Accepted.Instance;

                case InteractionPayload.ViewSubmission when payload.View is { } view:
                    return await SubmitAsync(payload, view);

                default:
                    return SlackAck.Accepted.Instance;
            }
        }
        catch (ChatStateUnavailableException e)
        {
            Log.StateUnavailable(logger, e, payload.Type);
            return SlackAck.Unavailable.Instance;
        }
    }

    /// <summary>Events API: the challenge (only ever called after the signature passed), or accepted after queueing the event once.</summary>
    /// <remarks>The repeat check is not cancelled with the request (see <see cref="HandleInteractionAsync"/>).</remarks>
    public async Task<SlackAck> HandleEventAsync(EventEnvelope envelope, string? retryNum)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.Type == EventEnvelope.UrlVerification)
        {
            return new SlackAck.Challenge(envelope.Challenge ?? string.Empty);
        }

        if (envelope.Type != EventEnvelope.EventCallback || envelope.Event is not { } e)
        {
            return SlackAck.Accepted.Instance;
        }

        var bot = envelope.Authorizations?.FirstOrDefault(a => a.IsBot)?.UserId;
        var isMention = e.Type == SlackEvent.AppMention;
        var isDirect = e.Type == SlackEvent.Message && e.ChannelType == "im" && e.Subtype is null;
        if (!(isMention || isDirect) || e.BotId is not null || e.User is not { Length: > 0 } user || user == bot || e.Channel is not { Length: > 0 })
        {
            return SlackAck.Accepted.Instance; // nothing to do, so nothing to remember
        }

        switch (await inbox.AcceptAsync("ev:" + (envelope.EventId ?? $"{e.Channel}:{e.Ts}"), new SlackWork.Message(e)))
        {
            case SlackAcceptance.Repeat:
                Log.Duplicate(logger, "event", envelope.EventId ?? "-", retryNum ?? "-");
                return SlackAck.Accepted.Instance;
            case SlackAcceptance.Unavailable:
                return SlackAck.Unavailable.Instance;
            default:
                return SlackAck.Accepted.Instance;
        }
    }

    private async Task<SlackAck> SubmitAsync(InteractionPayload payload, InteractionView view)
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
            return SlackAck.Accepted.Instance;
        }

        var form = await forms.FindAsync(metadata.Form, CancellationToken.None);
        if (form is null)
        {
            return await SubmissionAsync(view, new SlackWork.FormGone(payload, metadata));
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

        // Invalid input keeps the modal open and records nothing: the corrected submission is not a repeat.
        if (errors.Count > 0)
        {
            return new SlackAck.Invalid(new ViewSubmissionErrors(errors));
        }

        return await SubmissionAsync(view, new SlackWork.FormSubmitted(payload, form, metadata, values));
    }

    private async Task<SlackAck> SubmissionAsync(InteractionView view, SlackWork work)
    {
        switch (await inbox.AcceptAsync($"vs:{view.Id}:{view.Hash}", work))
        {
            case SlackAcceptance.Repeat:
                Log.Duplicate(logger, "view_submission", view.Id, "-");
                return SlackAck.Accepted.Instance;
            case SlackAcceptance.Unavailable:
                return SlackAck.Unavailable.Instance;
            default:
                return SlackAck.Accepted.Instance;
        }
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
}
