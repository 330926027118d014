namespace ChatNetOps.Core.Incidents;

using System.Globalization;
using System.Text.RegularExpressions;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Inventory;
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
public sealed partial class IncidentService(IIncidentStore store, IAuditLog audit, InventoryCatalog catalog, ChannelResolver channels, TimeProvider time)
{
    public const int DefaultSeverity = 3;

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

        var current = await store.FindOpenByConversationAsync(conversation.Platform, conversation.ConversationId, cancellationToken);
        if (current is not null)
        {
            return string.Equals(current.Id, id, StringComparison.Ordinal)
                ? new IncidentOutcome.Bound(current)
                : await RefuseAsync(actor, id, $"This conversation is already bound to {current.Id}; close it first with 'incident close'.", conversation, cancellationToken);
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
    public async Task<IncidentOutcome> CloseAsync(Actor actor, string? email, ConversationRef conversation, CancellationToken cancellationToken) =>
        await CloseAsync(actor, email, conversation, await channels.ResolveAsync(conversation, cancellationToken), cancellationToken);

    /// <summary>Closes the incident this conversation is bound to, in <paramref name="conversation"/> as the event resolved it (<paramref name="channel"/>).</summary>
    public async Task<IncidentOutcome> CloseAsync(Actor actor, string? email, ConversationRef conversation, ChannelContext channel, CancellationToken cancellationToken)
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
            var incident = await store.FindOpenByConversationAsync(conversation.Platform, conversation.ConversationId, cancellationToken);
            if (incident is null)
            {
                return await RefuseAsync(actor, null, "This conversation is not bound to an open incident.", conversation, cancellationToken);
            }

            var now = time.GetUtcNow();
            var closed = await store.TryReplaceAsync(incident with { State = IncidentState.Closed, ClosedAt = now, ClosedBy = actor }, incident.ETag!, cancellationToken);
            if (closed is not null)
            {
                await AppendAsync(AuditKind.IncidentClosed, actor, closed.Id, conversation, new Dictionary<string, string>
                {
                    ["openFor"] = (now - incident.OpenedAt).ToString("c", CultureInfo.InvariantCulture),
                }, cancellationToken);
                return new IncidentOutcome.Closed(closed);
            }
        }
    }

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
