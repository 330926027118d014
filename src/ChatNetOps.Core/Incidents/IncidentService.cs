namespace ChatNetOps.Core.Incidents;

using System.Globalization;
using System.Text.RegularExpressions;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>
/// Opens and closes incidents and binds conversations to them; each step is audited in the incident's chain. Binding a
/// conversation is what lets state-changing runbooks run there, so every step needs a grant of the
/// <see cref="GrantAction.Incident"/> action for the conversation's kind; a direct message is never bound, a
/// conversation that policy binds is not bound again, and an incident that policy binds to one conversation is not
/// opened or attached anywhere else. Refusals are recorded outside the incident's partition unless the incident
/// exists, so a made-up id never gets an audit partition of its own.
/// </summary>
public sealed partial class IncidentService(
    IIncidentStore store,
    IRequestStore requests,
    IAuditLog audit,
    InventoryCatalog catalog,
    ChannelResolver channels,
    DeviceLockService locks,
    RequestJournal journal,
    TimeProvider time,
    ChangeWindows.IChangeWindowStore? windows = null)
{
    public const int DefaultSeverity = 3;

    /// <summary>The reason code of a refused <c>incident open|close|attach</c>, on its card and in its audit event.</summary>
    public const string RefusedReason = "IncidentRefused";

    /// <summary>Why a request that had not started was ended when its incident closed (its status reason and card say so).</summary>
    public const string ClosedReason = "incident closed";

    /// <summary>Incident and change ids look like <c>INC-1234</c>: they name audit partitions, so nothing else is accepted.</summary>
    public static bool IsValidId(string id) => IncidentId().IsMatch(id);

    /// <summary>Opens from <paramref name="conversation"/>, resolving what it is bound to (callers outside a chat event).</summary>
    public async Task<IncidentOutcome> OpenAsync(string incidentId, string title, int? severity, Actor actor, string? email, ConversationRef conversation, CancellationToken cancellationToken) =>
        await OpenAsync(incidentId, title, severity, actor, email, conversation, await channels.ResolveAsync(conversation, cancellationToken), cancellationToken);

    /// <summary>Opens the incident (or binds this conversation to it), in <paramref name="conversation"/> as the event resolved it (<paramref name="channel"/>).</summary>
    public async Task<IncidentOutcome> OpenAsync(string incidentId, string title, int? severity, Actor actor, string? email, ConversationRef conversation, ChannelContext channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var id = incidentId.Trim().ToUpperInvariant();
        var match = catalog.Policy.Match(actor.Platform, actor.UserId, email);
        if (match is null)
        {
            return await RefuseAsync(actor, null, $"{actor.DisplayName} is not in the access policy.", conversation, cancellationToken);
        }

        var member = match.Member;
        actor = match.Apply(actor);
        if (!IncidentId().IsMatch(id))
        {
            return await RefuseAsync(actor, null, $"'{InputValidator.Printable(incidentId)}' is not an incident id; use a form like INC-1234.", conversation, cancellationToken);
        }

        if (conversation.Kind == ChannelKind.Direct)
        {
            return await RefuseAsync(actor, id, "A direct message cannot be bound to an incident; open it in the incident's channel or group chat.", conversation, cancellationToken);
        }

        if (!catalog.Policy.MayManageIncidents(member, channel.Kind))
        {
            return await NotGrantedAsync(actor, member, id, channel.Kind, conversation, cancellationToken);
        }

        var policyBinding = catalog.Policy.FindBinding(conversation.Platform, conversation.ConversationId, time.GetUtcNow());
        if (policyBinding is not null)
        {
            return await RefuseAsync(actor, id, $"This conversation is bound by policy to {policyBinding.Incident ?? policyBinding.ChangeWindow}; it cannot be bound to another incident.", conversation, cancellationToken);
        }

        if (windows is not null && await windows.GetAsync(id, cancellationToken) is not null)
        {
            return await RefuseAsync(actor, id, $"{id} is a change window; give the incident its own id.", conversation, cancellationToken);
        }

        if (policyBinding is null && channel.Kind == ChannelKind.ChangeWindow && channel.ChangeWindow is { } window)
        {
            return await RefuseAsync(actor, id, $"This conversation is bound to change window {window}; open the incident in its own conversation and name it in runs here (incident={id}).", conversation, cancellationToken);
        }

        if (catalog.Policy.BindingsOf(id).Any(b => b.Platform != conversation.Platform || !string.Equals(b.ConversationId, conversation.ConversationId, StringComparison.Ordinal)))
        {
            return await RefuseAsync(actor, id, $"{id} is bound by policy to another conversation; work on it there.", conversation, cancellationToken);
        }

        if (string.IsNullOrWhiteSpace(title) || title.Length > 200 || title.Any(char.IsControl))
        {
            return await RefuseAsync(actor, id, "An incident needs a title of 1 to 200 printable characters.", conversation, cancellationToken);
        }

        var sev = severity ?? DefaultSeverity;
        if (sev is < 1 or > 5)
        {
            return await RefuseAsync(actor, id, "Severity must be between 1 (highest) and 5.", conversation, cancellationToken);
        }

        // A conversation can hold several open incidents (an alert route's channel gets one per alert group): a run
        // there names its incident, or its device picks it (IncidentChoice).
        var current = (await store.ListOpenByConversationAsync(conversation.Platform, conversation.ConversationId, cancellationToken))
            .FirstOrDefault(i => string.Equals(i.Id, id, StringComparison.Ordinal));
        if (current is not null)
        {
            return new IncidentOutcome.Bound(current);
        }

        var now = time.GetUtcNow();
        var binding = conversation with { Kind = ChannelKind.Incident, BoundTo = id };
        var created = await store.TryCreateAsync(new Incident(id, title.Trim(), sev, IncidentState.Open, actor, now) { Conversations = [binding] }, cancellationToken);
        if (created is not null)
        {
            await AppendAsync(AuditKind.IncidentOpened, actor, created.Id, conversation, new Dictionary<string, string>
            {
                ["title"] = created.Title,
                ["severity"] = sev.ToString(CultureInfo.InvariantCulture),
                ["conversation"] = conversation.ConversationId,
                ["platform"] = conversation.Platform.ToString(),
            }, cancellationToken);
            return new IncidentOutcome.Opened(created);
        }

        // It exists: bind this conversation as well, if it is still open.
        while (true)
        {
            var existing = await store.GetAsync(id, cancellationToken);
            if (existing is null || existing.State == IncidentState.Closed)
            {
                return await RefuseAsync(actor, id, $"{id} is closed; open a new incident.", conversation, cancellationToken);
            }

            var bound = await store.TryReplaceAsync(existing with { Conversations = [.. existing.Conversations, binding] }, existing.ETag!, cancellationToken);
            if (bound is not null)
            {
                await AppendAsync(AuditKind.ConversationBound, actor, id, conversation, new Dictionary<string, string>
                {
                    ["conversation"] = conversation.ConversationId,
                    ["platform"] = conversation.Platform.ToString(),
                }, cancellationToken);
                return new IncidentOutcome.Bound(bound);
            }
        }
    }

    /// <summary>Closes from <paramref name="conversation"/>, resolving what it is bound to (callers outside a chat event).</summary>
    public async Task<IncidentOutcome> CloseAsync(Actor actor, string? email, ConversationRef conversation, string? resolution, CancellationToken cancellationToken) =>
        await CloseAsync(actor, email, conversation, await channels.ResolveAsync(conversation, cancellationToken), resolution, cancellationToken);

    /// <summary>
    /// Closes the incident this conversation is bound to, in <paramref name="conversation"/> as the event resolved it
    /// (<paramref name="channel"/>), with its <paramref name="resolution"/> note (1 to 500 printable characters); without
    /// one nothing is closed and the caller is asked for it. A conversation bound to several open incidents closes the
    /// one <paramref name="named"/> (it must be bound here); without a name it lists them and closes nothing.
    /// </summary>
    public async Task<IncidentOutcome> CloseAsync(Actor actor, string? email, ConversationRef conversation, ChannelContext channel, string? resolution, CancellationToken cancellationToken, string? named = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var match = catalog.Policy.Match(actor.Platform, actor.UserId, email);
        if (match is null)
        {
            return await RefuseAsync(actor, null, $"{actor.DisplayName} is not in the access policy.", conversation, cancellationToken);
        }

        var member = match.Member;
        actor = match.Apply(actor);
        if (!catalog.Policy.MayManageIncidents(member, channel.Kind))
        {
            return await NotGrantedAsync(actor, member, channel.Incident, channel.Kind, conversation, cancellationToken);
        }

        while (true)
        {
            var open = await store.ListOpenByConversationAsync(conversation.Platform, conversation.ConversationId, cancellationToken);
            var incident = named is null
                ? (open.Count == 1 ? open[0] : null)
                : open.FirstOrDefault(i => string.Equals(i.Id, named, StringComparison.OrdinalIgnoreCase));
            if (incident is null)
            {
                var message = (named, open.Count) switch
                {
                    (_, 0) => "This conversation is not bound to an open incident.",
                    (null, _) => $"This conversation holds {open.Count} open incidents ({string.Join(", ", open.Select(i => i.Id))}); name the one to close: incident close {open[0].Id} \"what resolved it\".",
                    _ => $"{InputValidator.Printable(named)} is not an open incident of this conversation; it holds {string.Join(", ", open.Select(i => i.Id))}.",
                };
                return await RefuseAsync(actor, null, message, conversation, cancellationToken);
            }

            if (string.IsNullOrWhiteSpace(resolution))
            {
                return new IncidentOutcome.NeedsResolution(incident);
            }

            if (resolution.Length > 500 || resolution.Any(char.IsControl))
            {
                return await RefuseAsync(actor, incident.Id, "A resolution note is 1 to 500 printable characters.", conversation, cancellationToken);
            }

            var now = time.GetUtcNow();
            var closed = await store.TryReplaceAsync(
                incident with { State = IncidentState.Closed, ClosedAt = now, ClosedBy = actor, Resolution = resolution.Trim() }, incident.ETag!, cancellationToken);
            if (closed is not null)
            {
                await AppendAsync(AuditKind.IncidentClosed, actor, closed.Id, conversation, new Dictionary<string, string>
                {
                    ["openFor"] = (now - incident.OpenedAt).ToString("c", CultureInfo.InvariantCulture),
                    ["resolution"] = closed.Resolution!,
                }, cancellationToken);
                return new IncidentOutcome.Closed(closed) { Cancelled = await CancelPendingAsync(closed, actor, cancellationToken) };
            }
        }
    }

    /// <summary>
    /// Attaches a finished read-only run (<c>incident attach R-…</c>) to the open incident this conversation is bound to:
    /// the run's requester, or whoever may manage incidents here, attaches it; a run already in an incident stays there.
    /// The attachment is an audit event in the incident's chain, written before the chat is told.
    /// </summary>
    public async Task<IncidentOutcome> AttachRunAsync(string requestId, Actor actor, string? email, ConversationRef conversation, ChannelContext channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var match = catalog.Policy.Match(actor.Platform, actor.UserId, email);
        if (match is null)
        {
            return await RefuseAsync(actor, null, $"{actor.DisplayName} is not in the access policy.", conversation, cancellationToken);
        }

        actor = match.Apply(actor);
        var incident = channel.Incident is { } bound ? await store.GetAsync(bound, cancellationToken) : null;
        if (incident is null || incident.State != IncidentState.Open)
        {
            return await RefuseAsync(actor, null, "This conversation is not bound to an open incident; attach runs in the incident's conversation.", conversation, cancellationToken);
        }

        var run = await requests.GetAsync(RequestIds.Normalize(requestId), cancellationToken);
        var mine = run is not null && string.Equals(run.Requester.MemberId, match.Member.Id, StringComparison.OrdinalIgnoreCase);
        var problem = run switch
        {
            null => $"There is no request '{InputValidator.Printable(requestId)}'.",
            _ when !mine && !catalog.Policy.MayManageIncidents(match.Member, channel.Kind) =>
                $"{run.Id} was requested by {run.Requester.DisplayName}; only they, or someone who may manage incidents here, can attach it.",
            { IsStateChanging: true } => $"{run.Id} is a state-changing run; it belongs to the incident it was approved for.",
            { Incident: { } other } => $"{run.Id} is already part of {other}.",
            _ when !run.Status.IsTerminal() => $"{run.Id} has not finished; attach it when it has.",
            _ => null,
        };
        if (problem is not null)
        {
            return await RefuseAsync(actor, incident.Id, problem, conversation, cancellationToken);
        }

        // One conditional write decides it (a run racing into two incidents lands in one); then the chain, then the chat.
        var attached = await requests.UpdateAsync(run!.Id, r => r.Incident is null ? r with { Incident = incident.Id } : null, cancellationToken);
        if (attached is null)
        {
            return await RefuseAsync(actor, incident.Id, $"{run.Id} was attached to another incident at the same moment; it stays there.", conversation, cancellationToken);
        }

        var details = new Dictionary<string, string>
        {
            ["requestId"] = attached.Id,
            ["runbook"] = attached.Runbook,
            ["runbookVersion"] = attached.RunbookVersion,
            ["targets"] = string.Join(",", attached.Targets),
            ["status"] = attached.Status.ToString(),
            ["requestedBy"] = attached.Requester.ToString(),
            ["requestedAt"] = attached.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
            ["approvalHash"] = attached.ApprovalHash,
        };
        if (attached.Result is { } result)
        {
            // The export is built from this chain, where the run's own result events are not.
            details["returnCode"] = result.ReturnCode.ToString(CultureInfo.InvariantCulture);
            details["outputSha256"] = result.OutputSha256;
        }

        await AppendAsync(AuditKind.RunAttached, actor, incident.Id, conversation, details, cancellationToken);
        return new IncidentOutcome.Attached(incident, attached);
    }

    /// <summary>
    /// Ends the incident's requests that have not started (waiting for their pre-check, for approval, or for a worker):
    /// each is Cancelled with the reason "incident closed" by one conditional write (a worker that claimed it first keeps
    /// it, and a running change finishes and is recorded), recorded in the incident's chain, its lock released, and only
    /// then announced, so its card is updated in place from what the chain holds.
    /// </summary>
    private async Task<IReadOnlyList<RunRequest>> CancelPendingAsync(Incident incident, Actor actor, CancellationToken cancellationToken)
    {
        var cancelled = new List<RunRequest>();
        foreach (var pending in (await requests.ListByIncidentAsync(incident.Id, cancellationToken)).Where(r => IsPending(r.Status)))
        {
            var now = time.GetUtcNow();
            var previous = pending.Status;
            var stored = await requests.UpdateAsync(pending.Id, r =>
            {
                previous = r.Status; // the last call is the one stored
                return IsPending(r.Status) ? r with { Status = RequestStatus.Cancelled, UpdatedAt = now, StatusReason = ClosedReason } : null;
            }, cancellationToken);
            if (stored is null)
            {
                continue;
            }

            await journal.RecordAsync(AuditKind.Cancelled, actor, stored, RequestJournal.SingleTarget(stored), new Dictionary<string, string>
            {
                ["previousStatus"] = previous.ToString(),
                ["reason"] = ClosedReason,
            }, cancellationToken);
            if (stored.IsStateChanging)
            {
                await locks.ReleaseAsync(stored, actor, cancellationToken);
            }

            await journal.AnnounceAsync(stored, cancellationToken);
            cancelled.Add(stored);
        }

        return cancelled;
    }

    private static bool IsPending(RequestStatus status) => status is RequestStatus.Requested or RequestStatus.AwaitingApproval or RequestStatus.Queued;

    private Task<IncidentOutcome> NotGrantedAsync(Actor actor, Member member, string? incident, ChannelKind kind, ConversationRef conversation, CancellationToken cancellationToken) =>
        RefuseAsync(actor, incident,
            $"Your roles ({string.Join(", ", member.Roles)}) do not allow opening, closing or binding incidents from {kind.Describe()}; ask an incident commander (a role granted the incident action).",
            conversation, cancellationToken);

    private async Task<IncidentOutcome> RefuseAsync(Actor actor, string? incident, string message, ConversationRef conversation, CancellationToken cancellationToken)
    {
        // A refusal never creates an incident's chain: it goes there only when the incident was opened (it is in the
        // store) or its chain already exists (a policy-declared incident with requests). Anything else, made-up ids and
        // declared incidents nobody has worked on yet included, goes to the daily partition.
        var known = incident is not null && IncidentId().IsMatch(incident)
            && (await store.GetAsync(incident, cancellationToken) is not null || await HasChainAsync(incident, cancellationToken));
        await audit.AppendAsync(new AuditEntry(AuditKind.Denied, actor)
        {
            Incident = known ? incident : null,
            MessageLink = conversation.Link,
            Details = new Dictionary<string, string>
            {
                ["action"] = "incident",

                // The reason code the refusal card shows, and the channel kind, so the report groups it (it said "unknown", "-").
                ["reason"] = RefusedReason,
                ["channelKind"] = conversation.Kind.ToString(),
                ["message"] = message,
                ["conversation"] = conversation.ConversationId,
            },
        }, cancellationToken);
        return new IncidentOutcome.Refused(message);
    }

    private async Task<bool> HasChainAsync(string incident, CancellationToken cancellationToken)
    {
        await foreach (var _ in audit.ReadAsync(AuditPartitions.For(incident, time.GetUtcNow()), cancellationToken))
        {
            return true;
        }

        return false;
    }

    private Task<AuditEvent> AppendAsync(AuditKind kind, Actor actor, string incident, ConversationRef conversation, IReadOnlyDictionary<string, string> details, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditEntry(kind, actor) { Incident = incident, MessageLink = conversation.Link, Details = details }, cancellationToken);

    [GeneratedRegex("^[A-Z][A-Z0-9]{1,9}-[0-9]{1,10}$", RegexOptions.CultureInvariant)]
    private static partial Regex IncidentId();
}
