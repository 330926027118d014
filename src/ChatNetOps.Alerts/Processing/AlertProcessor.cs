namespace ChatNetOps.Alerts.Processing;

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChatNetOps.Alerts.Cards;
using ChatNetOps.Core.Alerts;
using ChatNetOps.Core.Alerts.Routing;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// Turns recorded notifications into incidents, one at a time per host, oldest first. Each notification is routed
/// (<see cref="AlertRouteTable"/>), diffed against its group (<see cref="AlertGroupDiff"/>), and when something fired or
/// resolved: the group's incident is opened (a generated id, bound to the route's conversation, severity proposed from
/// the alert), kept, or reopened when the group fires again within the route's flap window; a group that fires again
/// after the window gets a new incident. A route with the <c>attach</c> policy attaches a new group to the open incident
/// of the same service or device opened within its window instead. The severity the alert maps to is proposed through
/// <see cref="SeverityService"/> (a decision a member confirms); an <c>auto_run</c> first step is requested at once
/// (<see cref="FirstStepRunner"/>). Every step is audited in the incident's chain as <c>alert:&lt;source&gt;</c>.
/// A notification stays pending until all of that is stored, so a crash or an unreachable store only delays it; one
/// whose processing keeps failing is given up after <see cref="AlertsOptions.ProcessingAttempts"/> tries (logged and
/// audited), so it cannot hold up the rest. The incidents a pass touched are handed to the card refresher.
/// </summary>
public sealed partial class AlertProcessor(
    IAlertStore inbox,
    IAlertGroupStore groups,
    IIncidentStore incidents,
    IAuditLog audit,
    InventoryCatalog catalog,
    SeverityService severities,
    FirstStepRunner firstSteps,
    AlertCardQueue cards,
    IOptions<AlertsOptions> options,
    TimeProvider time,
    ILogger<AlertProcessor> logger) : IDisposable
{
    /// <summary>The most notifications one pass takes.</summary>
    public const int Batch = 200;

    private const int MaxAttempts = 8;

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Failed attempts per notification (source/id) in this process; a restart gives each its attempts again.</summary>
    private readonly Dictionary<(AlertSource, string), int> _failures = [];

    public void Dispose() => _gate.Dispose();

    /// <summary>Processes what is pending; returns how many notifications were processed.</summary>
    public async Task<int> ProcessPendingAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var done = 0;
            while (true)
            {
                var pending = await inbox.ListPendingAsync(Batch, cancellationToken).ConfigureAwait(false);
                var failed = 0;
                foreach (var notification in pending)
                {
                    try
                    {
                        if (await ProcessAsync(notification, cancellationToken).ConfigureAwait(false) is { } incident)
                        {
                            cards.Touched(incident);
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        if (!await GiveUpAsync(notification, e, cancellationToken).ConfigureAwait(false))
                        {
                            failed++;
                            continue;
                        }
                    }

                    await inbox.MarkProcessedAsync(notification.Source, notification.Id, cancellationToken).ConfigureAwait(false);
                    _failures.Remove((notification.Source, notification.Id));
                    done++;
                }

                // What failed stays pending for the next pass (the service's interval); a full batch of failures
                // would otherwise be read again at once.
                if (pending.Count < Batch || failed > 0)
                {
                    return done;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Counts a failed attempt; true once <see cref="AlertsOptions.ProcessingAttempts"/> is reached and the notification is given up (audited).</summary>
    private async Task<bool> GiveUpAsync(AlertNotification notification, Exception error, CancellationToken cancellationToken)
    {
        var key = (notification.Source, notification.Id);
        var attempts = _failures.GetValueOrDefault(key) + 1;
        _failures[key] = attempts;
        var max = options.Value.ProcessingAttempts;
        if (attempts < max)
        {
            Log.NotificationFailed(logger, error, notification.Id, notification.Source, attempts, max);
            return false;
        }

        Log.NotificationDropped(logger, error, notification.Id, notification.Source, attempts);
        await audit.AppendAsync(new AuditEntry(AuditKind.AlertReceived, AlertPrincipal.For(notification.Source))
        {
            Details = Details(notification, null,
                ("routed", "false"),
                ("dropped", "true"),
                ("attempts", attempts.ToString(CultureInfo.InvariantCulture)),
                ("reason", Cut($"processing failed {attempts} times; given up: {error.GetType().Name}: {error.Message}", 400))),
        }, cancellationToken).ConfigureAwait(false);
        _failures.Remove(key);
        return true;
    }

    /// <summary>Routes, diffs and stores one notification; returns the incident its group maps to, if any.</summary>
    private async Task<string?> ProcessAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        var actor = AlertPrincipal.For(notification.Source);
        var route = catalog.AlertRoutes.Route(notification);
        if (route is null)
        {
            Log.Unrouted(logger, notification.Id, notification.Source);
            await audit.AppendAsync(new AuditEntry(AuditKind.AlertReceived, actor)
            {
                Details = Details(notification, null, ("routed", "false"), ("reason", "no route: the inventory has no alert-routes.yaml")),
            }, cancellationToken).ConfigureAwait(false);
            return null;
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var stored = await groups.GetAsync(notification.Source, notification.GroupKey, cancellationToken).ConfigureAwait(false);
            var group = stored ?? new AlertGroup(notification.Source, notification.GroupKey, route.Name, notification.ReceivedAt) { Rule = notification.Rule };
            var diff = AlertGroupDiff.Apply(group, notification, item => Track(notification.Source, item, route));
            if (diff.IsEmpty && stored is not null)
            {
                // A repeat or a duplicate: the card refreshes (it may have been lost) but nothing else changes.
                return stored.IncidentId;
            }

            var updated = diff.Updated;
            var (incident, opened) = await IncidentForAsync(group, diff, route, notification, actor, cancellationToken).ConfigureAwait(false);
            if (incident is not null)
            {
                updated = updated with { IncidentId = incident.Id };
                foreach (var alert in diff.Fired)
                {
                    await AppendAsync(AuditKind.AlertReceived, actor, incident.Id, notification, route, alert, cancellationToken).ConfigureAwait(false);
                }

                foreach (var alert in diff.Resolved)
                {
                    await AppendAsync(AuditKind.AlertResolved, actor, incident.Id, notification, route, alert, cancellationToken).ConfigureAwait(false);
                }
            }

            var saved = stored is null
                ? await groups.TryCreateAsync(updated, cancellationToken).ConfigureAwait(false)
                : await groups.TryReplaceAsync(updated, stored.ETag!, cancellationToken).ConfigureAwait(false);
            if (saved is not null)
            {
                if (incident is not null && opened)
                {
                    await firstSteps.RequestAsync(incident, route, notification, diff.Fired, cancellationToken).ConfigureAwait(false);
                }

                return saved.IncidentId;
            }

            // Another host processed the same group meanwhile: diff again against what it stored.
        }

        throw new InvalidOperationException($"Could not store alert group '{notification.GroupKey}' after {MaxAttempts} attempts; another process keeps changing it.");
    }

    private async Task<(Incident? Incident, bool Opened)> IncidentForAsync(AlertGroup group, AlertGroupDiff diff, AlertRoute route, AlertNotification notification, Actor actor, CancellationToken cancellationToken)
    {
        var current = group.IncidentId is { } id ? await incidents.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        var firesAgainLate = diff.Fired.Count > 0 && group.ResolvedAt is { } resolvedAt && notification.ReceivedAt - resolvedAt > route.FlapWindow;
        if (current is not null && !firesAgainLate)
        {
            if (current.State == IncidentState.Closed && diff.Fired.Count > 0)
            {
                return (await ReopenAsync(current, notification, route, actor, cancellationToken).ConfigureAwait(false), false);
            }

            return (current, false);
        }

        // Only a firing alert opens an incident: a group first seen resolved (e.g. after a restart) is only tracked.
        if (diff.Fired.Count == 0)
        {
            return (current, false);
        }

        if (route.IncidentPolicy == IncidentPolicy.Attach
            && await AttachAsync(group, diff, route, notification, actor, cancellationToken).ConfigureAwait(false) is { } attached)
        {
            return (attached, false);
        }

        return (await OpenAsync(group, diff, route, notification, actor, cancellationToken).ConfigureAwait(false), true);
    }

    /// <summary>
    /// The attach policy: the open incident of an alert group of the same service (or sharing a device) in the same
    /// conversation, opened within the route's <c>attach_within_minutes</c>, takes the new group; null when there is none.
    /// </summary>
    private async Task<Incident?> AttachAsync(AlertGroup group, AlertGroupDiff diff, AlertRoute route, AlertNotification notification, Actor actor, CancellationToken cancellationToken)
    {
        var since = notification.ReceivedAt - route.AttachWithin;
        var devices = diff.Fired.Select(a => a.Device).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var reference = new AlertGroupRef(group.Source, group.GroupKey);
        foreach (var candidate in (await incidents.ListOpenAsync(cancellationToken).ConfigureAwait(false))
            .Where(i => i.AlertGroups.Count > 0 && i.OpenedAt >= since
                && i.Conversations.Any(c => c.Platform == route.Platform && string.Equals(c.ConversationId, route.ConversationId, StringComparison.Ordinal)))
            .OrderByDescending(i => i.OpenedAt))
        {
            if (candidate.AlertGroups.Contains(reference))
            {
                // Attached by an earlier pass that stopped before storing the group: ours. A group that had an incident
                // and fires again after its flap window gets a new one, never its old incident back.
                if (group.IncidentId is null)
                {
                    return candidate;
                }

                continue;
            }

            if (!await SameServiceOrDeviceAsync(candidate, route, devices, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var current = candidate;
            while (current is { State: IncidentState.Open })
            {
                if (current.AlertGroups.Contains(reference))
                {
                    return current;
                }

                if (await incidents.TryReplaceAsync(current with { AlertGroups = [.. current.AlertGroups, reference] }, current.ETag!, cancellationToken).ConfigureAwait(false) is { } stored)
                {
                    Log.Attached(logger, stored.Id, notification.Source, route.Name);
                    await audit.AppendAsync(new AuditEntry(AuditKind.AlertReceived, actor)
                    {
                        Incident = stored.Id,
                        Details = Details(notification, route,
                            ("attached", "true"),
                            ("reason", $"attach policy: same {(devices.Count > 0 ? "service or device" : "service")} within {(int)route.AttachWithin.TotalMinutes} minutes"),
                            ("alerts", diff.Fired.Count.ToString(CultureInfo.InvariantCulture))),
                    }, cancellationToken).ConfigureAwait(false);
                    return stored;
                }

                current = await incidents.GetAsync(candidate.Id, cancellationToken).ConfigureAwait(false);
            }
        }

        return null;
    }

    private async Task<bool> SameServiceOrDeviceAsync(Incident candidate, AlertRoute route, HashSet<string> devices, CancellationToken cancellationToken)
    {
        foreach (var reference in candidate.AlertGroups)
        {
            if (await groups.GetAsync(reference.Source, reference.GroupKey, cancellationToken).ConfigureAwait(false) is not { } other)
            {
                continue;
            }

            var otherRoute = catalog.AlertRoutes.Routes.FirstOrDefault(r => r.Name == other.Route);
            if (route.Service is not null && string.Equals(otherRoute?.Service, route.Service, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (other.Alerts.Values.Any(a => a.Device is not null && devices.Contains(a.Device)))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<Incident> OpenAsync(AlertGroup group, AlertGroupDiff diff, AlertRoute route, AlertNotification notification, Actor actor, CancellationToken cancellationToken)
    {
        var shared = AlertRouteTable.SharedLabels(notification);
        var proposed = route.SeverityOf(shared) ?? diff.Fired.Select(a => route.SeverityOf(a.Labels)).Min() ?? IncidentService.DefaultSeverity;
        var title = Title(notification, diff.Fired[0]);
        var now = time.GetUtcNow();
        var first = diff.Fired.Min(a => a.StartsAt);
        for (var salt = 0; ; salt++)
        {
            var id = IncidentIdFor(route.IncidentPrefix, notification.Source, notification.GroupKey, first, salt);
            var conversation = new ConversationRef(route.Platform, route.ConversationId, ChannelKind.Incident) { BoundTo = id };
            var incident = new Incident(id, title, IncidentService.DefaultSeverity, IncidentState.Open, actor, now)
            {
                Conversations = [conversation],
                AlertGroups = [new AlertGroupRef(group.Source, group.GroupKey)],
            };
            var severitySource = shared.GetValueOrDefault("severity") ?? diff.Fired[0].Labels.GetValueOrDefault("severity") ?? "default";
            if (await incidents.TryCreateAsync(incident, cancellationToken).ConfigureAwait(false) is { } created)
            {
                Log.Opened(logger, id, notification.Source, route.Name);
                await audit.AppendAsync(new AuditEntry(AuditKind.IncidentOpened, actor)
                {
                    Incident = id,
                    Details = Details(notification, route,
                        ("title", title),
                        ("severity", created.Severity.ToString(CultureInfo.InvariantCulture)),
                        ("proposedSeverity", proposed.ToString(CultureInfo.InvariantCulture)),
                        ("severityStatus", "proposed"),
                        ("severitySource", Cut(severitySource, 100)),
                        ("service", route.Service ?? string.Empty),
                        ("environment", route.Environment ?? string.Empty),
                        ("conversation", route.ConversationId),
                        ("platform", route.Platform.ToString())),
                }, cancellationToken).ConfigureAwait(false);
                if (proposed == created.Severity)
                {
                    return created;
                }

                // The alert's severity is a proposal a member confirms (the same decision as 'incident severity').
                var outcome = await severities.ProposeSeverityAsync(id, proposed, actor, cancellationToken).ConfigureAwait(false);
                return outcome is SeverityOutcome.Proposed { Incident: var pending } ? pending : created;
            }

            // The id exists: our own incident when an earlier pass crashed before storing the group; else a collision.
            if (await incidents.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } existing
                && existing.OpenedBy.UserId == actor.UserId && existing.Title == title)
            {
                return existing;
            }
        }
    }

    private async Task<Incident> ReopenAsync(Incident closed, AlertNotification notification, AlertRoute route, Actor actor, CancellationToken cancellationToken)
    {
        var current = closed;
        while (true)
        {
            var reopened = await incidents.TryReplaceAsync(current with { State = IncidentState.Open, ClosedAt = null, ClosedBy = null, Resolution = null }, current.ETag!, cancellationToken).ConfigureAwait(false);
            if (reopened is not null)
            {
                await audit.AppendAsync(new AuditEntry(AuditKind.IncidentReopened, actor)
                {
                    Incident = closed.Id,
                    Details = Details(notification, route, ("reason", "the alert group fired again within the route's flap window")),
                }, cancellationToken).ConfigureAwait(false);
                return reopened;
            }

            current = await incidents.GetAsync(closed.Id, cancellationToken).ConfigureAwait(false) ?? closed;
            if (current.State == IncidentState.Open)
            {
                return current;
            }
        }
    }

    private TrackedAlert Track(AlertSource source, AlertItem item, AlertRoute route)
    {
        var match = DeviceResolver.Resolve(source, item, route, catalog);
        return new TrackedAlert(item.Fingerprint, item.Status, item.StartsAt, item.EndsAt, item.Labels)
        {
            Summary = item.Annotations.GetValueOrDefault("summary") ?? item.Annotations.GetValueOrDefault("description"),
            Device = match.Device?.Name,
            DeviceRule = match.OutOfScope ? match.Rule + ":out-of-scope" : match.Rule,
            GeneratorUrl = item.GeneratorUrl,
            DashboardUrl = item.DashboardUrl ?? item.Annotations.GetValueOrDefault("dashboard") ?? item.Annotations.GetValueOrDefault("dashboard_url"),
        };
    }

    private Task<AuditEvent> AppendAsync(AuditKind kind, Actor actor, string incident, AlertNotification notification, AlertRoute route, TrackedAlert alert, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditEntry(kind, actor)
        {
            Incident = incident,
            Device = alert.Device,
            Details = Details(notification, route,
                ("fingerprint", alert.Fingerprint),
                ("status", alert.Status.ToString()),
                ("startsAt", alert.StartsAt.ToString("O", CultureInfo.InvariantCulture)),
                ("deviceRule", alert.DeviceRule ?? "none"),
                ("deviceCandidate", Cut(alert.Labels.GetValueOrDefault("device") ?? alert.Labels.GetValueOrDefault("instance") ?? string.Empty, 200)),
                ("summary", Cut(alert.Summary ?? string.Empty, 300))),
        }, cancellationToken);

    private static Dictionary<string, string> Details(AlertNotification notification, AlertRoute? route, params (string Key, string Value)[] extra)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["source"] = AlertPrincipal.Name(notification.Source),
            ["notification"] = notification.Id,
            ["groupKey"] = Cut(notification.GroupKey, 300),
        };
        if (route is not null)
        {
            details["route"] = route.Name;
        }

        if (notification.Rule is { } rule)
        {
            details["rule"] = Cut(rule, 200);
        }

        foreach (var (key, value) in extra)
        {
            details[key] = value;
        }

        return details;
    }

    /// <summary>A valid incident id (<c>PREFIX-0123456789</c>), the same for the same group and first firing, so a retried pass finds its own.</summary>
    internal static string IncidentIdFor(string prefix, AlertSource source, string groupKey, DateTimeOffset firstFiring, int salt)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{source}|{groupKey}|{firstFiring.UtcTicks}|{salt}")));
        var number = BitConverter.ToUInt64(hash, 0) % 10_000_000_000UL;
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}-{number:D10}");
    }

    private static string Title(AlertNotification notification, TrackedAlert first)
    {
        var text = (notification.Rule ?? "Alert") + (first.Summary is { Length: > 0 } s ? ": " + s : string.Empty);
        var printable = new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        return Cut(printable.Length == 0 ? "Alert" : printable, 200);
    }

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";
}
