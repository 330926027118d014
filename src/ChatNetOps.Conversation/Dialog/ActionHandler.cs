namespace ChatNetOps.Conversation.Dialog;

using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;

/// <summary>
/// Card button presses. The payload is untrusted: only the fields a verb needs are read, as strings; identity always
/// comes from the event, and a payload that claims another identity is refused and recorded.
/// </summary>
internal sealed class ActionHandler(
    InventoryCatalog catalog,
    IRequestStore requests,
    RunHandler run,
    DecisionHandler decisions,
    StatusHandler status,
    IncidentHandler incidentHandler,
    Visibility visibility,
    DenialRecorder denials,
    RequestCards cards,
    CatalogHandler catalogHandler,
    ChangeHandler changes)
{
    /// <summary>The verbs our cards carry.</summary>
    public static IReadOnlyList<string> Verbs { get; } = ["run", "requestForm", "approve", "reject", "refreshApproval", "cancel", "showJson", "rawOutput", "timeline", "confirmSeverity", "rejectSeverity", "notify", "acknowledgeWindow", "rejectWindow", "rollback", "next", "attachRuns"];

    /// <summary>Fields no card of ours sends: a payload naming a person is trying to speak for someone else.</summary>
    private static readonly string[] IdentityFields =
        ["approver", "approverId", "approvedBy", "user", "userId", "actor", "by", "requester", "requesterId", "member", "memberId", "from", "decider", "email"];

    private const int MaxPayloadBytes = 16 * 1024;

    public async Task<DialogResult> HandleAsync(DialogContext context, CardAction action, CancellationToken cancellationToken)
    {
        var verb = action.Verb ?? string.Empty;
        if (!Verbs.Contains(verb, StringComparer.Ordinal))
        {
            return await RefuseAsync(context, verb, "UnknownAction", $"This card action ('{InputValidator.Printable(verb)}') is not one of ours; nothing was done.", cancellationToken);
        }

        var data = action.Data ?? [];
        if (data.ToJsonString().Length > MaxPayloadBytes)
        {
            return await RefuseAsync(context, verb, "InvalidPayload", "The card action's data is too large; nothing was done.", cancellationToken);
        }

        var forged = IdentityFields.FirstOrDefault(f => data.Any(p => string.Equals(p.Key, f, StringComparison.OrdinalIgnoreCase)));
        if (forged is not null)
        {
            return await RefuseAsync(context, verb, "ForgedPayload",
                $"The card action carries a '{forged}' field; identity comes only from your signed-in chat account, so the action was refused.", cancellationToken,
                ("field", forged), ("claimed", Text(data, forged) ?? "(not a string)"));
        }

        switch (verb)
        {
            case "run":
                return await RunAsync(context, data, cancellationToken);
            case "requestForm":
                var name = Text(data, "runbook");
                var runbook = name is null ? null : catalog.FindRunbook(name);
                return runbook is null
                    ? await RefuseAsync(context, verb, "UnknownRunbook", $"The card names no runbook we know ('{InputValidator.Printable(name ?? "missing")}').", cancellationToken)
                    : await run.FormAsync(context, runbook, cancellationToken);
            case "notify":
                var watched = Text(data, "requestId");
                return watched is { Length: > 0 and <= 40 } && watched.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
                    ? await catalogHandler.NotifyAsync(context, watched.ToUpperInvariant(), cancellationToken)
                    : await RefuseAsync(context, verb, "InvalidPayload", "The card action has no valid requestId; nothing was done.", cancellationToken);
            case "attachRuns":
                return await incidentHandler.AttachableAsync(context, Text(data, "incidentId") is { Length: > 0 and <= 40 } attachTo ? attachTo.ToUpperInvariant() : null, cancellationToken);
            case "timeline":
                return await incidentHandler.TimelineAsync(context, Text(data, "incidentId") is { Length: > 0 and <= 40 } id ? id.ToUpperInvariant() : null, Page(data), cancellationToken);
            case "confirmSeverity" or "rejectSeverity":
                var incident = Text(data, "incidentId");
                var hash = Text(data, "hash");
                if (incident is not { Length: > 0 and <= 40 } || hash is not { Length: 64 } || !hash.All(char.IsAsciiHexDigitLower))
                {
                    return await RefuseAsync(context, verb, "InvalidPayload", "The card action has no valid incidentId and hash; nothing was done.", cancellationToken);
                }

                return await incidentHandler.DecideSeverityAsync(context, incident.ToUpperInvariant(), hash, verb == "confirmSeverity", cancellationToken);
            case "acknowledgeWindow" or "rejectWindow":
                var window = Text(data, "windowId");
                var windowHash = Text(data, "hash");
                if (window is not { Length: > 0 and <= 40 } || windowHash is not { Length: 64 } || !windowHash.All(char.IsAsciiHexDigitLower))
                {
                    return await RefuseAsync(context, verb, "InvalidPayload", "The card action has no valid windowId and hash; nothing was done.", cancellationToken);
                }

                return await changes.DecideAsync(context, window.ToUpperInvariant(), windowHash, verb == "acknowledgeWindow", cancellationToken);
        }

        var requestId = Text(data, "requestId");
        if (requestId is null || requestId.Length is 0 or > 40 || !requestId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return await RefuseAsync(context, verb, "InvalidPayload", "The card action has no valid requestId; nothing was done.", cancellationToken,
                ("requestId", requestId ?? "(missing)"));
        }

        switch (verb)
        {
            case "approve":
                return await decisions.HandleAsync(context, DecisionHandler.Kind.Approve, requestId, null, cancellationToken);
            case "reject":
                var reason = Text(data, "reason");
                return await decisions.HandleAsync(context, DecisionHandler.Kind.Reject, requestId, string.IsNullOrWhiteSpace(reason) ? null : Cut(reason.Trim(), 500), cancellationToken);
            case "cancel":
                return await decisions.HandleAsync(context, DecisionHandler.Kind.Cancel, requestId, null, cancellationToken);
        }

        // refreshApproval, showJson and rawOutput read a request: only from the conversation it belongs to.
        var request = await requests.GetAsync(RequestIds.Normalize(requestId), cancellationToken);
        if (request is null)
        {
            return await RefuseAsync(context, verb, DenialReason.UnknownRequest.ToString(), $"There is no request '{InputValidator.Printable(requestId)}'.", cancellationToken, ("requestId", requestId));
        }

        if (!request.Origin.IsSameAs(context.Conversation))
        {
            return await RefuseAsync(context, verb, DenialReason.WrongConversation.ToString(), $"Request {request.Id} belongs to another conversation.", cancellationToken, ("requestId", request.Id));
        }

        if (verb == "showJson")
        {
            return await status.HandleAsync(context, request.Id, json: true, cancellationToken);
        }

        if (verb == "rawOutput")
        {
            return await status.RawOutputAsync(context, request, cancellationToken);
        }

        if (verb == "rollback")
        {
            // The rollback runbook and its inputs come from the catalog and the stored change, never from the card.
            var changed = catalog.FindRunbook(request.Runbook);
            if (request.RollbackOf is not null || !Core.Checks.ChangeOutcome.OffersRollback(request, changed))
            {
                return await RefuseAsync(context, verb, DenialReason.UnknownRequest.ToString(), $"{request.Id} did not fail or regress, or has no rollback runbook; nothing to roll back.", cancellationToken, ("requestId", request.Id));
            }

            var rollback = changed!.RollbackRunbook!;
            return await run.HandleAsync(context, rollback.Runbook, rollback.Fill(request.Inputs) ?? new Dictionary<string, string>(), request.Incident, cancellationToken, rollbackOf: request.Id);
        }

        if (verb == "next")
        {
            // The offers are worked out again as the card showed them (for the requester); the submit policy then applies
            // the presser's own grant and channel rules.
            var requester = request.Requester.MemberId is { } memberId ? catalog.Policy.FindMemberById(memberId) : null;
            var offers = Core.Checks.NextSteps.Offers(request, catalog, requester);
            var index = int.TryParse(Text(data, "next"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1;
            if (offers.FirstOrDefault(o => o.Index == index) is not { } offer)
            {
                return await RefuseAsync(context, verb, "InvalidPayload", $"{request.Id} offers no such next step; nothing was run.", cancellationToken, ("requestId", request.Id));
            }

            // The button carries the run it follows, so its incident: it works in any conversation bound to that incident.
            return await run.HandleAsync(context, offer.Runbook, offer.Inputs, request.Incident ?? context.Channel.Incident, cancellationToken);
        }

        // refreshApproval (Teams refresh): approvers other than the requester get the buttons, everyone else the read-only view.
        var approvers = visibility.ApproversOf(request);
        var canAct = context.Member is not null && approvers.Any(a => string.Equals(a.Id, context.Member.Id, StringComparison.OrdinalIgnoreCase));
        var isRequester = context.Member is not null && string.Equals(context.Member.Id, request.Requester.MemberId, StringComparison.OrdinalIgnoreCase);
        var card = request.Status == RequestStatus.AwaitingApproval ? cards.Approval(request, approvers, canAct, canCancel: isRequester) : cards.ForRequest(request, approvers);
        return DialogResult.Of(card with { Ephemeral = true, Attachable = false });
    }

    private async Task<DialogResult> RunAsync(DialogContext context, JsonObject data, CancellationToken cancellationToken)
    {
        var name = Text(data, "runbook");
        var runbook = name is null ? null : catalog.FindRunbook(name);
        if (runbook is null)
        {
            return await RefuseAsync(context, "run", "UnknownRunbook", $"The form names no runbook we know ('{InputValidator.Printable(name ?? "missing")}').", cancellationToken);
        }

        // Only the runbook's declared inputs are read; anything else a client merged in is ignored.
        var inputs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var input in runbook.Inputs)
        {
            if (Text(data, input.Name) is { Length: > 0 } value)
            {
                inputs[input.Name] = value.Trim();
            }
        }

        var incident = Text(data, "incidentId") is { Length: > 0 } id ? id.Trim() : null;
        return await run.HandleAsync(context, runbook.Name, inputs, incident, cancellationToken);
    }

    private Task<DialogResult> RefuseAsync(DialogContext context, string verb, string code, string message, CancellationToken cancellationToken, params (string, string)[] details) =>
        denials.RefuseAsync(context, "action:" + Cut(InputValidator.Printable(verb), 40), code, message, "press a button on a current card from this conversation", cancellationToken, details);

    /// <summary>A string field of the payload (numbers are accepted as text); null when absent or of another type.</summary>
    private static string? Text(JsonObject data, string field)
    {
        var node = data.FirstOrDefault(p => string.Equals(p.Key, field, StringComparison.OrdinalIgnoreCase)).Value;
        return node is JsonValue value
            ? value.GetValueKind() switch
            {
                JsonValueKind.String => value.GetValue<string>(),
                JsonValueKind.Number => value.ToJsonString(),
                _ => null,
            }
            : null;
    }

    /// <summary>The timeline page a "More" button asks for (a number or its text); 1 when absent or not a page number.</summary>
    private static int Page(JsonObject data) =>
        int.TryParse(Text(data, "page"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var page) && page is >= 1 and <= 10_000 ? page : 1;

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];
}
