namespace ChatNetOps.Alerts.Cards;

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using ChatNetOps.Alerts.Processing;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Alerts;
using ChatNetOps.Core.Alerts.Routing;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Logging;

/// <summary>
/// One card per alert incident in the route's conversation, updated in place (Teams PUT activity, Slack chat.update)
/// and never posted per notification. Each pass renders the card of every open alert incident and of every incident
/// the processor touched, from the stores, and sends it only when it differs from what this process last sent: a
/// storm of notifications becomes a few updates. The message id is kept in <see cref="IRequestCardStore"/> under the
/// incident id, so updates survive a restart; a failed send is tried again on the next pass. Conversations are served
/// at once, each one's cards in turn, through the platform channel's own pacing.
/// Every bot replica runs this; only one posts an incident's first card: before posting, the replica claims the
/// incident in <see cref="IAlertCardClaimStore"/> for <see cref="ClaimLease"/> (one conditional write), and a replica
/// that finds another's running claim leaves the card for its next pass, when it updates the message the winner
/// recorded. A replica that crashed after claiming is taken over once its claim runs out.
/// A card that cannot be sent (no channel for its platform, the platform refusing or unreachable) is tried again after
/// a back-off that doubles from <see cref="FirstRetry"/> to <see cref="LastRetry"/>, on the periodic pass: a failure never
/// wakes the refresher at once, so a channel that stays down costs one attempt (and one log line) per back-off.
/// A card updated less than <see cref="AlertsOptions.CardUpdateGap"/> ago is neither rendered nor sent again until the
/// gap has passed: a storm's changes reach the card together, at most one update per gap.
/// </summary>
public sealed class AlertCardNotifier(
    IIncidentStore incidents,
    IAlertGroupStore groups,
    IRequestCardStore cardStore,
    IAlertCardClaimStore claims,
    IRequestStore requests,
    InventoryCatalog catalog,
    AlertCards cards,
    DeviceChanges changes,
    FirstStepRunner firstSteps,
    AlertCardQueue queue,
    IEnumerable<IChatChannel> channels,
    IEnumerable<IOpenChangeWindows> windows,
    TimeProvider time,
    ILogger<AlertCardNotifier> logger,
    Microsoft.Extensions.Options.IOptions<AlertsOptions> options)
{
    /// <summary>How long a claim to post an incident's first card holds before another replica may take it over.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    private readonly IReadOnlyList<IChatChannel> _channels = [.. channels];
    private readonly IOpenChangeWindows? _windows = windows.FirstOrDefault();
    private readonly ConcurrentDictionary<string, string> _sent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _deferred = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset RetryAt)> _failing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _sentAt = new(StringComparer.Ordinal);
    private readonly TimeSpan _gap = options.Value.CardUpdateGap;

    /// <summary>The wait before the first retry of a card that could not be sent.</summary>
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between retries of a card that keeps failing.</summary>
    public static readonly TimeSpan LastRetry = TimeSpan.FromMinutes(5);

    /// <summary>This process's name in first-card claims (host, process id and a random part).</summary>
    public string Replica { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Refreshes the cards that changed; returns how many were posted or updated.</summary>
    public async Task<int> RefreshAsync(CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(queue.Drain(), StringComparer.Ordinal);
        foreach (var id in _deferred.Keys)
        {
            _deferred.TryRemove(id, out _);
            ids.Add(id);
        }

        var open = await incidents.ListOpenAsync(cancellationToken).ConfigureAwait(false);
        var byId = open.Where(i => i.AlertGroups.Count > 0).ToDictionary(i => i.Id, StringComparer.Ordinal);
        foreach (var id in ids.Where(id => !byId.ContainsKey(id)))
        {
            if (await incidents.GetAsync(id, cancellationToken).ConfigureAwait(false) is { AlertGroups.Count: > 0 } touched)
            {
                byId[id] = touched;
            }
        }

        var now = time.GetUtcNow();
        var work = new List<(ConversationRef Conversation, Incident Incident, OutboundMessage Card, string Hash)>();
        foreach (var incident in byId.Values.OrderBy(i => i.OpenedAt))
        {
            if (incident.Conversations is not [var conversation, ..])
            {
                continue;
            }

            if (_failing.TryGetValue(incident.Id, out var failing) && failing.RetryAt > now)
            {
                // Backing off after a failed send; a later pass sends the card as it is then.
                continue;
            }

            if (_sentAt.TryGetValue(incident.Id, out var sentAt) && sentAt + _gap > now)
            {
                // Updated a moment ago: this change goes out with the next ones once the gap has passed (NextDue).
                _deferred[incident.Id] = 0;
                continue;
            }

            var attached = await GroupsAsync(incident, cancellationToken).ConfigureAwait(false);
            if (attached.Count == 0)
            {
                // Opened a moment ago, its group not stored yet: the processor touches it again when it is.
                continue;
            }

            var card = await RenderAsync(incident, attached, cancellationToken).ConfigureAwait(false);
            var hash = Hash(card);
            if (_sent.TryGetValue(incident.Id, out var last) && last == hash)
            {
                continue;
            }

            work.Add((conversation, incident, card, hash));
        }

        var results = await Task.WhenAll(work
            .GroupBy(w => (w.Conversation.Platform, w.Conversation.ConversationId))
            .Select(async conversation =>
            {
                var sent = 0;
                foreach (var (target, incident, card, hash) in conversation)
                {
                    switch (await SendAsync(target, incident, card, cancellationToken).ConfigureAwait(false))
                    {
                        case Sent.Done:
                            _sent[incident.Id] = hash;
                            _sentAt[incident.Id] = time.GetUtcNow();
                            _failing.TryRemove(incident.Id, out _);
                            sent++;
                            break;
                        case Sent.ClaimedElsewhere:
                            // Not a failure: the next pass updates what the other replica posted (no wake-up now).
                            _deferred[incident.Id] = 0;
                            break;
                        default:
                            BackOff(incident.Id);
                            break;
                    }
                }

                return sent;
            })).ConfigureAwait(false);
        return results.Sum();
    }

    /// <summary>When a card held back by <see cref="AlertsOptions.CardUpdateGap"/> is due; null when none is.</summary>
    public DateTimeOffset? NextDue()
    {
        DateTimeOffset? due = null;
        foreach (var id in _deferred.Keys)
        {
            if (_sentAt.TryGetValue(id, out var sentAt) && (due is null || sentAt + _gap < due))
            {
                due = sentAt + _gap;
            }
        }

        return due;
    }

    private void BackOff(string incidentId)
    {
        var failures = _failing.TryGetValue(incidentId, out var before) ? before.Failures + 1 : 1;
        var wait = TimeSpan.FromTicks(Math.Min(LastRetry.Ticks, FirstRetry.Ticks << Math.Min(failures - 1, 16)));
        _failing[incidentId] = (failures, time.GetUtcNow() + wait);
    }

    /// <summary>The card of <paramref name="incident"/> as it would be sent now.</summary>
    public async Task<OutboundMessage> RenderAsync(Incident incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return await RenderAsync(incident, await GroupsAsync(incident, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<AlertGroup>> GroupsAsync(Incident incident, CancellationToken cancellationToken)
    {
        var attached = new List<AlertGroup>();
        foreach (var reference in incident.AlertGroups)
        {
            if (await groups.GetAsync(reference.Source, reference.GroupKey, cancellationToken).ConfigureAwait(false) is { } group)
            {
                attached.Add(group);
            }
        }

        return attached;
    }

    private async Task<OutboundMessage> RenderAsync(Incident incident, IReadOnlyList<AlertGroup> attached, CancellationToken cancellationToken)
    {
        var conversation = incident.Conversations.Count > 0 ? incident.Conversations[0] : null;
        var route = attached.Select(g => catalog.AlertRoutes.Routes.FirstOrDefault(r => r.Name == g.Route)).FirstOrDefault(r => r is not null)
            ?? new AlertRoute((attached.Count > 0 ? attached[0].Route : null) ?? "-", conversation?.Platform ?? default, conversation?.ConversationId ?? "-");
        var alerts = attached.SelectMany(g => g.Alerts.Values).ToArray();
        var devices = alerts.Select(a => a.Device).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var step = firstSteps.Plan(route, alerts);
        if (step is not null && route.FirstStep is { AutoRun: true }
            && await requests.GetAsync(FirstStepRunner.RequestIdFor(incident.Id), cancellationToken).ConfigureAwait(false) is { } autoRun)
        {
            step = step with { AutoRunRequestId = autoRun.Id, Device = autoRun.Targets.Count > 0 ? autoRun.Targets[0] : step.Device };
        }

        return cards.Render(new AlertCardModel(incident, route, attached)
        {
            LastChanges = await changes.LastAsync(devices, cancellationToken).ConfigureAwait(false),
            ChangeWindow = _windows is null || devices.Length == 0 ? null : await _windows.DescribeAsync(devices, cancellationToken).ConfigureAwait(false),
            FirstStep = step,
        });
    }

    private async Task<Sent> SendAsync(ConversationRef conversation, Incident incident, OutboundMessage card, CancellationToken cancellationToken)
    {
        var channel = _channels.FirstOrDefault(c => c.Platform == conversation.Platform);
        if (channel is null)
        {
            Log.NoChannel(logger, conversation.Platform.ToString(), incident.Id);
            return Sent.Failed;
        }

        try
        {
            var existing = await cardStore.GetAsync(incident.Id, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                var now = time.GetUtcNow();
                if (!await claims.TryClaimAsync(incident.Id, Replica, now, now + ClaimLease, cancellationToken).ConfigureAwait(false))
                {
                    Log.CardClaimedElsewhere(logger, incident.Id);
                    return Sent.ClaimedElsewhere;
                }

                // A replica whose claim ran out may have posted and recorded it meanwhile.
                existing = await cardStore.GetAsync(incident.Id, cancellationToken).ConfigureAwait(false);
            }

            if (existing is not null)
            {
                await channel.UpdateAsync(conversation, existing.MessageId, card with { ReplaceMessageId = existing.MessageId }, cancellationToken).ConfigureAwait(false);
                return Sent.Done;
            }

            var posted = await channel.SendAsync(conversation, card with { ReplaceMessageId = null }, cancellationToken).ConfigureAwait(false);
            await cardStore.SaveAsync(new RequestCard(incident.Id, conversation.Platform, conversation.ConversationId, posted), cancellationToken).ConfigureAwait(false);
            return Sent.Done;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.CardFailed(logger, e, incident.Id);
            return Sent.Failed;
        }
    }

    private static string Hash(OutboundMessage card) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(card.Text + "\n" + card.Card?.ToJsonString())));

    private enum Sent
    {
        Done,
        ClaimedElsewhere,
        Failed,
    }
}
