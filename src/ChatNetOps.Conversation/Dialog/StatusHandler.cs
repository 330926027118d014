namespace ChatNetOps.Conversation.Dialog;

using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;

/// <summary><c>status &lt;id&gt; [--json]</c> and the Show JSON action: where a request is, or its structured result.</summary>
internal sealed class StatusHandler(IRequestStore requests, IOutputStore outputs, Visibility visibility, DenialRecorder denials, RequestCards cards, IChangeRecordStore? changes = null)
{
    private const int RawOutputChatBytes = 20 * 1024;

    public async Task<DialogResult> HandleAsync(DialogContext context, string requestId, bool json, CancellationToken cancellationToken)
    {
        var action = json ? "showJson" : "status";
        if (context.Member is null)
        {
            return await denials.RefuseAsync(context, action, "UnknownUser", $"{context.Event.DisplayName} is not in the access policy.",
                "an administrator adds you to inventory/policy.yaml with your chat identity", cancellationToken, ("requestId", requestId));
        }

        var request = await requests.GetAsync(RequestIds.Normalize(requestId), cancellationToken);
        if (request is null)
        {
            return await denials.RefuseAsync(context, action, "UnknownRequest", $"There is no request '{InputValidator.Printable(requestId)}'.",
                "a request id from a card or from 'incident show'", cancellationToken, ("requestId", requestId));
        }

        if (json)
        {
            return DenialRecorder.Answer(context, RequestCards.JsonText(request, await outputs.GetAsync(request.Id, cancellationToken)) with { RequestId = null });
        }

        var message = request.Status.IsTerminal() && request.Result is not null
            ? cards.Result(request, await outputs.GetAsync(request.Id, cancellationToken), await ChangeRecordStatus.TicketsAsync(changes, request.Incident, cancellationToken))
            : request.Status == RequestStatus.AwaitingApproval
                ? cards.Approval(request, visibility.ApproversOf(request), canAct: true)
                : cards.ForRequest(request, []);
        return DenialRecorder.Answer(context, message with { Attachable = false });
    }

    /// <summary>The "Raw output" button (Slack's stand-in for the card's toggle): the stored, redacted output, to the one who asked.</summary>
    public async Task<DialogResult> RawOutputAsync(DialogContext context, RunRequest request, CancellationToken cancellationToken)
    {
        var stored = await outputs.GetAsync(request.Id, cancellationToken);
        var text = stored.Count == 0
            ? $"{request.Id} has no stored output."
            : $"Raw output of {request.Id} (redacted):\n" + RequestCards.Output(stored, RawOutputChatBytes).TextWithNote;
        return DialogResult.Of(new OutboundMessage(text) { Ephemeral = true, Attachable = false });
    }
}
