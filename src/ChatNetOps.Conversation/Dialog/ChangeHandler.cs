namespace ChatNetOps.Conversation.Dialog;

using ChatNetOps.Conversation.Commands;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.ChangeWindows;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary><c>change open|close|show|list</c> and the change-window card's Acknowledge/Reject buttons.</summary>
internal sealed class ChangeHandler(ChangeWindowService windows, ChangeWindowCards cards, DenialRecorder denials, RefusalCards refusals, TimeProvider time)
{
    private const int ListedWindows = 20;

    public async Task<DialogResult> OpenAsync(DialogContext context, ParsedCommand.ChangeOpen open, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!ChangeTimes.TryParse(open.Start, now, out var start) || !ChangeTimes.TryParse(open.End, now, out var end))
        {
            var bad = ChangeTimes.TryParse(open.Start, now, out _) ? open.End : open.Start;
            return await denials.RefuseAsync(context, "change", nameof(DenialReason.InvalidInput),
                $"'{Core.Inventory.InputValidator.Printable(bad)}' is not a time change open understands.",
                "an ISO time with its offset (2026-11-23T22:00Z), now, or +30m / +2h / +1d", cancellationToken);
        }

        var draft = new ChangeWindowDraft(open.Id, open.Summary, start, end, open.DeviceNames, open.Group) { Type = open.Type, Template = open.Template };
        var e = context.Event;
        var outcome = await windows.OpenAsync(draft, e.Actor, e.Email, context.Conversation, context.Channel, cancellationToken);
        return outcome switch
        {
            ChangeWindowOutcome.Opened opened => DialogResult.Of(Card(opened.Window, opened.Acknowledgers, $"{opened.Window.Id} opened by {e.DisplayName}; this conversation is bound to it.")),
            ChangeWindowOutcome.Refused refused => Refused(context, refused),
            _ => Unhandled(outcome),
        };
    }

    public async Task<DialogResult> CloseAsync(DialogContext context, string? id, CancellationToken cancellationToken)
    {
        var e = context.Event;
        var outcome = await windows.CloseAsync(id, e.Actor, e.Email, context.Conversation, context.Channel, cancellationToken);
        return outcome switch
        {
            ChangeWindowOutcome.Closed closed => DialogResult.Of(Card(closed.Window, [], $"{closed.Window.Id} closed by {e.DisplayName}; a change already running may finish, a new one is refused.")),
            ChangeWindowOutcome.NotPending notPending => DenialRecorder.Answer(context, OutboundMessage.Plain(notPending.Message)),
            ChangeWindowOutcome.Refused refused => Refused(context, refused),
            _ => Unhandled(outcome),
        };
    }

    public async Task<DialogResult> ShowAsync(DialogContext context, string? id, CancellationToken cancellationToken)
    {
        if (context.Member is null)
        {
            return await NotInPolicyAsync(context, "change show", cancellationToken);
        }

        id ??= context.Channel.ChangeWindow;
        if (id is null)
        {
            return DenialRecorder.Answer(context, OutboundMessage.Plain("This conversation is not bound to a change window; name one: change show CHG-3001."));
        }

        var window = context.Channel.ChangeWindow is not null && string.Equals(id, context.Channel.ChangeWindow, StringComparison.OrdinalIgnoreCase)
            ? await windows.ForConversationAsync(context.Conversation, id, cancellationToken)
            : await windows.FindAsync(id, cancellationToken);
        return window is null
            ? DenialRecorder.Answer(context, OutboundMessage.Plain($"There is no change window {Core.Inventory.InputValidator.Printable(id)}."))
            : DenialRecorder.Answer(context, Card(window, Pending(window) ? windows.AcknowledgersFor(window, ChannelKind.ChangeWindow) : [], null));
    }

    public async Task<DialogResult> ListAsync(DialogContext context, CancellationToken cancellationToken)
    {
        if (context.Member is null)
        {
            return await NotInPolicyAsync(context, "change list", cancellationToken);
        }

        return DenialRecorder.Answer(context, ChangeWindowCards.List(await windows.ListAsync(ListedWindows, cancellationToken), time.GetUtcNow()));
    }

    /// <summary>Acknowledge or Reject pressed: one of racing decisions wins; the others are told who decided.</summary>
    public async Task<DialogResult> DecideAsync(DialogContext context, string id, string hash, bool acknowledge, CancellationToken cancellationToken)
    {
        var e = context.Event;
        var outcome = await windows.DecideAsync(id, hash, acknowledge, e.Actor, e.Email, context.Conversation, cancellationToken);
        return outcome switch
        {
            ChangeWindowOutcome.Decided decided => DialogResult.Of(Card(decided.Window, [], null)),
            ChangeWindowOutcome.AlreadyDecided { Window.Acknowledgement: { } decision } already => DenialRecorder.Answer(context, OutboundMessage.Plain(
                $"{already.Window.Id} was already {(decision.Approved ? "acknowledged" : "rejected")} by {decision.By.DisplayName} at {Formats.Time(decision.At)}.")),
            ChangeWindowOutcome.NotPending notPending => DenialRecorder.Answer(context, OutboundMessage.Plain(notPending.Message)),
            ChangeWindowOutcome.Refused refused => Refused(context, refused),
            _ => Unhandled(outcome),
        };
    }

    private bool Pending(ChangeWindow window) => window.Acknowledgement is null && window.StateAt(time.GetUtcNow()) != ChangeWindowState.Closed;

    private OutboundMessage Card(ChangeWindow window, IReadOnlyList<Member> acknowledgers, string? note)
    {
        var card = cards.Window(window, acknowledgers, time.GetUtcNow());
        return note is null ? card : card with { Text = note + " " + card.Text };
    }

    private DialogResult Refused(DialogContext context, ChangeWindowOutcome.Refused refused) =>
        DenialRecorder.Refusal(refusals.Denied(Needed(refused.Reason) is { } needed
            ? new DenialView(refused.Message, refused.Reason.ToString(), needed, context.CorrelationId)
            : new DenialView(refused.Message, refused.Reason.ToString(), null, context.CorrelationId) { OmitNeeded = true }));

    /// <summary>What would let a refused window step through; null when the refusal's own message says it all.</summary>
    private static string? Needed(DenialReason reason) => reason switch
    {
        DenialReason.SelfApproval => "an engineer other than the one who opened the window acknowledges it",
        DenialReason.NotAcknowledgerRole => "someone with a role the policy names for acknowledging change windows acknowledges it",
        DenialReason.WrongConversation => "acknowledge it in the conversation the window was opened in",
        DenialReason.UnknownUser => "an administrator adds you to inventory/policy.yaml with your chat identity",
        _ => null,
    };

    private Task<DialogResult> NotInPolicyAsync(DialogContext context, string action, CancellationToken cancellationToken) =>
        denials.RefuseAsync(context, action, "UnknownUser", $"{context.Event.DisplayName} is not in the access policy.",
            "an administrator adds you to inventory/policy.yaml with your chat identity", cancellationToken);

    private static DialogResult Unhandled(ChangeWindowOutcome outcome) =>
        throw new InvalidOperationException($"Unhandled change-window outcome {outcome.GetType().Name}; add it to {nameof(ChangeHandler)}.");
}
