namespace ChatNetOps.Core.Incidents;

using System.Globalization;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Queues;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Options;

/// <summary>
/// Severity changes as decisions of kind <see cref="DecisionKind.SeverityConfirmation"/>: one member (or an alert)
/// proposes, a member of the role the policy names (<see cref="AccessPolicy.SeverityConfirmerRoles"/>) confirms or
/// rejects under <see cref="DecisionRules"/>. Exactly one of racing decisions is stored (a conditional replace of the
/// incident); the others are told who decided. Every step is in the incident's chain before this returns.
/// </summary>
/// <remarks>
/// An expiry (by the sweeper or a late decision) is announced on the result queue (<see cref="ResultKind.DecisionExpired"/>)
/// after it is in the chain, so the bot updates the proposal's card in place wherever it was posted.
/// </remarks>
public sealed class SeverityService(IIncidentStore store, IAuditLog audit, InventoryCatalog catalog, ChannelResolver channels, IOptions<RequestOptions> options, TimeProvider time, IResultQueue? results = null)
{
    /// <summary>A member proposes <paramref name="severity"/> for <paramref name="incidentId"/> from <paramref name="conversation"/>.</summary>
    public async Task<SeverityOutcome> ProposeAsync(string incidentId, int severity, Actor proposer, string? email, ConversationRef conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposer);
        ArgumentNullException.ThrowIfNull(conversation);
        var match = catalog.Policy.Match(proposer.Platform, proposer.UserId, email);
        var incident = IncidentService.IsValidId(incidentId) ? await store.GetAsync(incidentId, cancellationToken) : null;
        if (match is null)
        {
            return await RefuseAsync(incident?.Id, proposer, DenialReason.UnknownUser, $"{proposer.DisplayName} is not in the access policy.", conversation, cancellationToken);
        }

        proposer = match.Apply(proposer);
        var channel = await channels.ResolveAsync(conversation, cancellationToken);
        if (!catalog.Policy.MayManageIncidents(match.Member, channel.Kind))
        {
            return await RefuseAsync(incident?.Id, proposer, DenialReason.NotGranted,
                $"Your roles ({string.Join(", ", match.Member.Roles)}) do not allow re-rating incidents from {channel.Kind.Describe()}.", conversation, cancellationToken);
        }

        return await ProposeCheckedAsync(incident, InputValidator.Printable(incidentId), severity, proposer, conversation, channel.Kind, cancellationToken);
    }

    /// <summary>
    /// An alert (or any caller outside a chat) proposes a severity: it is asked in the incident's first bound
    /// conversation and waits for a confirmer there. <paramref name="proposer"/> names the source (it can never confirm).
    /// </summary>
    public async Task<SeverityOutcome> ProposeSeverityAsync(string incidentId, int severity, Actor proposer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposer);
        var incident = IncidentService.IsValidId(incidentId) ? await store.GetAsync(incidentId, cancellationToken) : null;
        if (incident?.Conversations is not [var first, ..])
        {
            return await RefuseAsync(incident?.Id, proposer, DenialReason.UnknownIncident,
                $"There is no open incident {InputValidator.Printable(incidentId)} bound to a conversation to confirm a severity in.", null, cancellationToken);
        }

        return await ProposeCheckedAsync(incident, incident.Id, severity, proposer, first, first.Kind, cancellationToken);
    }

    /// <summary>A confirmer confirms (<paramref name="confirm"/>) or rejects the proposal whose hash is <paramref name="hash"/>.</summary>
    public async Task<SeverityOutcome> DecideAsync(string incidentId, string hash, bool confirm, Actor decider, string? email, ConversationRef conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decider);
        ArgumentNullException.ThrowIfNull(conversation);
        var incident = IncidentService.IsValidId(incidentId) ? await store.GetAsync(incidentId, cancellationToken) : null;
        if (incident is null)
        {
            return new SeverityOutcome.NotPending($"There is no incident {InputValidator.Printable(incidentId)}.");
        }

        var match = catalog.Policy.Match(decider.Platform, decider.UserId, email);
        if (match is null)
        {
            return await RefuseAsync(incident.Id, decider, DenialReason.UnknownUser, $"{decider.DisplayName} is not in the access policy.", conversation, cancellationToken);
        }

        decider = match.Apply(decider);
        while (true)
        {
            var proposal = incident.PendingSeverity;
            if (proposal is null)
            {
                return incident.DecidedSeverity switch
                {
                    { Decision: not null } earlier when string.Equals(earlier.Hash, hash, StringComparison.Ordinal) => new SeverityOutcome.AlreadyDecided(earlier),
                    { ExpiredAt: not null } expired when string.Equals(expired.Hash, hash, StringComparison.Ordinal) => new SeverityOutcome.Expired(expired, ExpiredMessage(expired)),
                    _ => new SeverityOutcome.NotPending($"No severity change waits for confirmation on {incident.Id}."),
                };
            }

            var now = time.GetUtcNow();
            var refusal = DecisionRules.Check(proposal.Subject, match.Member, decider, conversation, now, hash);
            if (refusal is { Reason: DenialReason.DecisionExpired })
            {
                if (await TryExpireAsync(incident, proposal, decider, conversation, now, cancellationToken) is null)
                {
                    incident = await store.GetAsync(incident.Id, cancellationToken) ?? incident;
                    continue;
                }

                return new SeverityOutcome.Expired(proposal with { ExpiredAt = now }, ExpiredMessage(proposal));
            }

            if (refusal is null && !catalog.Policy.MayConfirmSeverity(match.Member, (await channels.ResolveAsync(conversation, cancellationToken)).Kind))
            {
                refusal = new DecisionRefusal(DenialReason.NotConfirmerRole,
                    $"A severity change is confirmed by {Confirmers()}; your roles ({string.Join(", ", match.Member.Roles)}) are not among them.");
            }

            if (refusal is not null)
            {
                return await RefuseAsync(incident.Id, decider, refusal.Reason, refusal.Message, conversation, cancellationToken);
            }

            var decided = proposal with { Decision = new Decision(decider, now, confirm, null, proposal.Hash) { Kind = DecisionKind.SeverityConfirmation } };
            var stored = await store.TryReplaceAsync(
                incident with { PendingSeverity = null, DecidedSeverity = decided, Severity = confirm ? proposal.To : incident.Severity }, incident.ETag!, cancellationToken);
            if (stored is null)
            {
                // Lost the race (or something else changed the incident): decide again against what is stored now.
                incident = await store.GetAsync(incident.Id, cancellationToken) ?? incident;
                continue;
            }

            await AppendAsync(confirm ? AuditKind.SeverityConfirmed : AuditKind.SeverityRejected, decider, stored.Id, conversation, Details(proposal), cancellationToken);
            return confirm ? new SeverityOutcome.Confirmed(stored, decided) : new SeverityOutcome.Rejected(stored, decided);
        }
    }

    /// <summary>
    /// Expires every proposal on an open incident whose deadline passed unconfirmed: the proposal is kept as expired
    /// (<see cref="SeverityProposal.ExpiredAt"/>), the expiry is in the incident's chain, and the incident's card shows it
    /// on its next render. Returns how many it expired; a proposal decided meanwhile is left to that decision.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var expired = 0;
        foreach (var open in await store.ListOpenAsync(cancellationToken))
        {
            var incident = open;
            while (incident?.PendingSeverity is { } proposal && DecisionRules.IsPastDeadline(proposal.ExpiresAt, time.GetUtcNow()))
            {
                if (await TryExpireAsync(incident, proposal, Actor.System, proposal.AskedIn, time.GetUtcNow(), cancellationToken) is not null)
                {
                    expired++;
                    break;
                }

                incident = await store.GetAsync(incident.Id, cancellationToken);
            }
        }

        return expired;
    }

    /// <summary>The members who may confirm a severity change in a channel of <paramref name="kind"/>, except the proposer.</summary>
    public IReadOnlyList<Member> ConfirmersFor(ChannelKind kind, Actor proposer)
    {
        ArgumentNullException.ThrowIfNull(proposer);
        return [.. catalog.Policy.Members.Where(m => !string.Equals(m.Id, proposer.MemberId, StringComparison.OrdinalIgnoreCase) && catalog.Policy.MayConfirmSeverity(m, kind))];
    }

    private async Task<SeverityOutcome> ProposeCheckedAsync(Incident? incident, string printableId, int severity, Actor proposer, ConversationRef conversation, ChannelKind kind, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (incident is null || incident.State == IncidentState.Closed)
            {
                return await RefuseAsync(incident?.Id, proposer, incident is null ? DenialReason.UnknownIncident : DenialReason.IncidentClosed,
                    incident is null ? $"There is no incident {printableId}." : $"{incident.Id} is closed; its severity no longer changes.", conversation, cancellationToken);
            }

            if (severity is < 1 or > 5)
            {
                return await RefuseAsync(incident.Id, proposer, DenialReason.InvalidInput, "Severity must be between 1 (highest) and 5.", conversation, cancellationToken);
            }

            if (severity == incident.Severity)
            {
                return await RefuseAsync(incident.Id, proposer, DenialReason.InvalidInput, $"{incident.Id} is already severity {severity}.", conversation, cancellationToken);
            }

            var now = time.GetUtcNow();
            if (incident.PendingSeverity is { } waiting && waiting.ExpiresAt > now)
            {
                return await RefuseAsync(incident.Id, proposer, DenialReason.InvalidInput,
                    $"{incident.Id} already has a severity change waiting ({waiting.From} → {waiting.To}, proposed by {waiting.ProposedBy.DisplayName}); confirm or reject it first.", conversation, cancellationToken);
            }

            var proposal = new SeverityProposal(SeverityProposal.IdFor(incident.Id, severity), incident.Id, incident.Severity, severity, proposer, conversation with { BoundTo = incident.Id }, now, now + options.Value.ApprovalExpiry);
            var stored = await store.TryReplaceAsync(incident with { PendingSeverity = proposal }, incident.ETag!, cancellationToken);
            if (stored is null)
            {
                incident = await store.GetAsync(incident.Id, cancellationToken);
                continue;
            }

            await AppendAsync(AuditKind.SeverityProposed, proposer, stored.Id, conversation, Details(proposal, ("expiresAt", proposal.ExpiresAt.ToString("O", CultureInfo.InvariantCulture))), cancellationToken);
            return new SeverityOutcome.Proposed(stored, proposal, ConfirmersFor(kind, proposer));
        }
    }

    /// <summary>Pending → expired as one conditional replace, then its audit event; null when the incident changed meanwhile.</summary>
    private async Task<Incident?> TryExpireAsync(Incident incident, SeverityProposal proposal, Actor actor, ConversationRef conversation, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await store.TryReplaceAsync(incident with { PendingSeverity = null, DecidedSeverity = proposal with { ExpiredAt = now } }, incident.ETag!, cancellationToken);
        if (stored is not null)
        {
            await AppendAsync(AuditKind.SeverityRejected, actor, incident.Id, conversation, Details(proposal, ("reason", "expired")), cancellationToken);

            // Recorded first; then the bot is told, and it updates the proposal's card in place (it no longer offers Confirm).
            if (results is not null)
            {
                await results.EnqueueAsync(new ResultMessage($"{proposal.Id}:{proposal.Hash[..16]}:expired", proposal.Id, ResultKind.DecisionExpired, RequestStatus.Expired, now, null), cancellationToken);
            }
        }

        return stored;
    }

    private static string ExpiredMessage(SeverityProposal proposal) =>
        $"The proposal to make {proposal.Incident} severity {proposal.To} expired at {proposal.ExpiresAt.ToString("u", CultureInfo.InvariantCulture)}; propose it again.";

    private string Confirmers() => catalog.Policy.SeverityConfirmerRoles.Count == 0
        ? "a member granted the incident action here"
        : "a member with the role " + string.Join(" or ", catalog.Policy.SeverityConfirmerRoles);

    private static Dictionary<string, string> Details(SeverityProposal proposal, params (string Key, string Value)[] extra)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["decisionKind"] = nameof(DecisionKind.SeverityConfirmation),
            ["from"] = proposal.From.ToString(CultureInfo.InvariantCulture),
            ["to"] = proposal.To.ToString(CultureInfo.InvariantCulture),
            ["proposedBy"] = proposal.ProposedBy.ToString(),
            ["hash"] = proposal.Hash,
        };
        foreach (var (key, value) in extra)
        {
            details[key] = value;
        }

        return details;
    }

    private async Task<SeverityOutcome> RefuseAsync(string? incident, Actor actor, DenialReason reason, string message, ConversationRef? conversation, CancellationToken cancellationToken)
    {
        var details = new Dictionary<string, string>
        {
            ["action"] = "severity",
            ["reason"] = reason.ToString(),
            ["message"] = message,
        };
        if (conversation is not null)
        {
            // The channel kind, so the report groups the refusal by where it happened (it showed "-").
            details["channelKind"] = conversation.Kind.ToString();
        }

        await audit.AppendAsync(new AuditEntry(AuditKind.Denied, actor)
        {
            Incident = incident,
            MessageLink = conversation?.Link,
            Details = details,
        }, cancellationToken);
        return new SeverityOutcome.Refused(reason, message);
    }

    private Task<AuditEvent> AppendAsync(AuditKind kind, Actor actor, string incident, ConversationRef conversation, IReadOnlyDictionary<string, string> details, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditEntry(kind, actor) { Incident = incident, MessageLink = conversation.Link, Details = details }, cancellationToken);
}
