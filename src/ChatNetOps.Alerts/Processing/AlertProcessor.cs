namespace ChatNetOps.Alerts.Processing;

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChatNetOps.Core.Alerts;
using ChatNetOps.Core.Alerts.Routing;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Logging;

/// <summary>
/// Turns recorded notifications into incidents, one at a time per host, oldest first. Each notification is routed
/// (<see cref="AlertRouteTable"/>), diffed against its group (<see cref="AlertGroupDiff"/>), and when something fired or
/// resolved: the group's incident is opened (a generated id, bound to the route's conversation, severity proposed from
/// the alert), kept, or reopened when the group fires again within the route's flap window; a group that fires again
/// after the window gets a new incident. Every step is audited in the incident's chain as <c>alert:&lt;source&gt;</c>.
/// A notification stays pending until all of that is stored, so a crash or an unreachable store only delays it.
/// </summary>
public sealed partial class AlertProcessor(
    IAlertStore inbox,
    IAlertGroupStore groups,
    IIncidentStore incidents,
    IAuditLog audit,
    InventoryCatalog catalog,
    TimeProvider time,
    ILogger<AlertProcessor> logger) : IDisposable
{
    /// <summary>The most notifications one pass takes.</summary>
    public const int Batch = 200;

    private const int MaxAttempts = 8;

    private readonly SemaphoreSlim _gate = new(1, 1);

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
                foreach (var notification in pending)
                {
                    await ProcessAsync(notification, cancellationToken).ConfigureAwait(false);
                    await inbox.MarkProcessedAsync(notification.Source, notification.Id, cancellationToken).ConfigureAwait(false);
                    done++;
                }

                if (pending.Count < Batch)
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

    private async Task ProcessAsync(AlertNotification notification, CancellationToken cancellationToken)
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
            return;
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var stored = await groups.GetAsync(notification.Source, notification.GroupKey, cancellationToken).ConfigureAwait(false);
            var group = stored ?? new AlertGroup(notification.Source, notification.GroupKey, route.Name, notification.ReceivedAt) { Rule = notification.Rule };
            var diff = AlertGroupDiff.Apply(group, notification, item => Track(notification.Source, item, route));
            if (diff.IsEmpty && stored is not null)
            {
                return;
            }

            var updated = diff.Updated;
            var incident = await IncidentForAsync(group, diff, route, notification, actor, cancellationToken).ConfigureAwait(false);
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
                return;
            }

            // Another host processed the same group meanwhile: diff again against what it stored.
        }

        throw new InvalidOperationException($"Could not store alert group '{notification.GroupKey}' after {MaxAttempts} attempts; another process keeps changing it.");
    }

    private async Task<Incident?> IncidentForAsync(AlertGroup group, AlertGroupDiff diff, AlertRoute route, AlertNotification notification, Actor actor, CancellationToken cancellationToken)
    {
        var current = group.IncidentId is { } id ? await incidents.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        var firesAgainLate = diff.Fired.Count > 0 && group.ResolvedAt is { } resolvedAt && notification.ReceivedAt - resolvedAt > route.FlapWindow;
        if (current is not null && !firesAgainLate)
        {
            if (current.State == IncidentState.Closed && diff.Fired.Count > 0)
            {
                return await ReopenAsync(current, notification, route, actor, cancellationToken).ConfigureAwait(false);
            }

            return current;
        }

        // Only a firing alert opens an incident: a group first seen resolved (e.g. after a restart) is only tracked.
        return diff.Fired.Count == 0 ? current : await OpenAsync(diff, route, notification, actor, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Incident> OpenAsync(AlertGroupDiff diff, AlertRoute route, AlertNotification notification, Actor actor, CancellationToken cancellationToken)
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
            var incident = new Incident(id, title, proposed, IncidentState.Open, actor, now) { Conversations = [conversation] };
            if (await incidents.TryCreateAsync(incident, cancellationToken).ConfigureAwait(false) is { } created)
            {
                Log.Opened(logger, id, notification.Source, route.Name);
                await audit.AppendAsync(new AuditEntry(AuditKind.IncidentOpened, actor)
                {
                    Incident = id,
                    Details = Details(notification, route,
                        ("title", title),
                        ("severity", proposed.ToString(CultureInfo.InvariantCulture)),
                        ("severityStatus", "proposed"),
                        ("conversation", route.ConversationId),
                        ("platform", route.Platform.ToString())),
                }, cancellationToken).ConfigureAwait(false);
                await audit.AppendAsync(new AuditEntry(AuditKind.SeverityProposed, actor)
                {
                    Incident = id,
                    Details = Details(notification, route,
                        ("severity", proposed.ToString(CultureInfo.InvariantCulture)),
                        ("from", shared.GetValueOrDefault("severity") ?? diff.Fired[0].Labels.GetValueOrDefault("severity") ?? "default")),
                }, cancellationToken).ConfigureAwait(false);
                return created;
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
            var reopened = await incidents.TryReplaceAsync(current with { State = IncidentState.Open, ClosedAt = null, ClosedBy = null }, current.ETag!, cancellationToken).ConfigureAwait(false);
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
