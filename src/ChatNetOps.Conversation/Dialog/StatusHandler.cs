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

    /// <summary>How many of the caller's open requests <c>status</c> lists.</summary>
    internal const int ListedOpenRequests = 10;

    /// <summary>How many requests of each open state are searched for the caller's (oldest first, as the store lists them).</summary>
    internal const int SearchedPerState = 1000;

    private static readonly RequestStatus[] OpenStates = [RequestStatus.AwaitingApproval, RequestStatus.Queued, RequestStatus.Running];

    /// <summary>
    /// <c>status</c> without an id: the caller's open requests (awaiting approval, queued, running), newest first, at
    /// most <see cref="ListedOpenRequests"/>, the rest counted. Only the caller sees it.
    /// </summary>
    public async Task<DialogResult> OpenRequestsAsync(DialogContext context, CancellationToken cancellationToken)
    {
        if (context.Member is not { } member)
        {
            return await denials.RefuseAsync(context, "status", "UnknownUser", $"{context.Event.DisplayName} is not in the access policy.",
                "an administrator adds you to inventory/policy.yaml with your chat identity", cancellationToken);
        }

        var mine = new List<RunRequest>();
        foreach (var state in OpenStates)
        {
            mine.AddRange((await requests.ListByStatusAsync(state, SearchedPerState, cancellationToken)).Where(r => IsOf(r, member.Id, context.Event)));
        }

        var ordered = mine.DistinctBy(r => r.Id, StringComparer.Ordinal)
            .OrderByDescending(r => r.CreatedAt)
            .ThenByDescending(r => r.Id, StringComparer.Ordinal)
            .ToArray();
        if (ordered.Length == 0)
        {
            return DialogResult.Of(new OutboundMessage("You have no open requests (awaiting approval, queued or running). 'status REQUEST-ID' shows any request.") { Ephemeral = true, Attachable = false });
        }

        var lines = ordered.Take(ListedOpenRequests).Select(r =>
            $"- {r.Id} {r.Runbook} on {string.Join(", ", r.Targets.Take(3))}{(r.Targets.Count > 3 ? $" +{r.Targets.Count - 3}" : string.Empty)}: "
            + $"{Formats.StatusLabel(r.Status).ToLowerInvariant()}, requested {Formats.Time(r.CreatedAt)}{(r.Incident is null ? string.Empty : $" ({r.Incident})")}");
        var more = ordered.Length > ListedOpenRequests ? $"\n…and {ordered.Length - ListedOpenRequests} older not listed." : string.Empty;
        var text = $"Your open requests ({ordered.Length}, newest first):\n{string.Join('\n', lines)}{more}\n'status REQUEST-ID' shows one.";
        return DialogResult.Of(new OutboundMessage(text) { Ephemeral = true, Attachable = false });
    }

    private static bool IsOf(RunRequest request, string memberId, Messages.ChatEvent e) =>
        string.Equals(request.Requester.MemberId, memberId, StringComparison.OrdinalIgnoreCase)
        || (request.Requester.Platform == e.Platform && string.Equals(request.Requester.UserId, e.UserId, StringComparison.Ordinal));

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
