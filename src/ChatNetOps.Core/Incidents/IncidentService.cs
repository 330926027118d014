namespace ChatNetOps.Core.Incidents;

using System.Globalization;
using System.Text.RegularExpressions;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>Opens and closes incidents and binds conversations to them; each step is audited in the incident's chain.</summary>
public sealed partial class IncidentService(IIncidentStore store, IAuditLog audit, InventoryCatalog catalog, TimeProvider time)
{
    public const int DefaultSeverity = 3;

    /// <summary>Incident and change ids look like <c>INC-1234</c>: they name audit partitions, so nothing else is accepted.</summary>
    public static bool IsValidId(string id) => IncidentId().IsMatch(id);

    public async Task<IncidentOutcome> OpenAsync(string incidentId, string title, int? severity, Actor actor, string? email, ConversationRef conversation, CancellationToken cancellationToken)
    {
        var id = incidentId.Trim().ToUpperInvariant();
        var member = catalog.Policy.FindMember(actor.Platform, actor.UserId, email);
        if (member is null)
        {
            return await RefuseAsync(actor, null, $"{actor.DisplayName} is not in the access policy.", conversation, cancellationToken);
        }

        actor = actor with { MemberId = member.Id };
        if (!IncidentId().IsMatch(id))
        {
            return await RefuseAsync(actor, null, $"'{InputValidator.Printable(incidentId)}' is not an incident id; use a form like INC-1234.", conversation, cancellationToken);
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

    public async Task<IncidentOutcome> CloseAsync(Actor actor, string? email, ConversationRef conversation, CancellationToken cancellationToken)
    {
        var member = catalog.Policy.FindMember(actor.Platform, actor.UserId, email);
        if (member is null)
        {
            return await RefuseAsync(actor, null, $"{actor.DisplayName} is not in the access policy.", conversation, cancellationToken);
        }

        actor = actor with { MemberId = member.Id };
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

    private async Task<IncidentOutcome> RefuseAsync(Actor actor, string? incident, string message, ConversationRef conversation, CancellationToken cancellationToken)
    {
        await audit.AppendAsync(new AuditEntry(AuditKind.Denied, actor)
        {
            Incident = incident is not null && IncidentId().IsMatch(incident) ? incident : null,
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

    private Task<AuditEvent> AppendAsync(AuditKind kind, Actor actor, string incident, ConversationRef conversation, IReadOnlyDictionary<string, string> details, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditEntry(kind, actor) { Incident = incident, MessageLink = conversation.Link, Details = details }, cancellationToken);

    [GeneratedRegex("^[A-Z][A-Z0-9]{1,9}-[0-9]{1,10}$", RegexOptions.CultureInvariant)]
    private static partial Regex IncidentId();
}
