namespace ChatNetOps.Core.Incidents;

using ChatNetOps.Core.Alerts;
using ChatNetOps.Core.Inventory;

/// <summary>An open incident bound to a conversation, with the devices it is about; <see cref="Devices"/> null means any device.</summary>
public sealed record BoundIncident(string Id, IReadOnlySet<string>? Devices)
{
    public bool Covers(string device) => Devices is null || Devices.Contains(device);

    /// <summary>How the incident is listed when a run must name it: its id and the devices it is about.</summary>
    public string Describe() => Devices switch
    {
        null => Id,
        { Count: 0 } => $"{Id} (no device)",
        { Count: <= 3 } => $"{Id} ({string.Join(", ", Devices.Order(StringComparer.OrdinalIgnoreCase))})",
        _ => $"{Id} ({string.Join(", ", Devices.Order(StringComparer.OrdinalIgnoreCase).Take(3))} and {Devices.Count - 3} more)",
    };
}

/// <summary>
/// Which open incident of a conversation a typed run belongs to, when it names none. A conversation can hold several
/// (an alert route's channel gets an incident per alert group, next to the ones opened there with <c>incident open</c>):
/// with one, a run on a device it covers uses it; with several, the single incident whose devices include the run's
/// device does; otherwise none is chosen and a change must name one (<c>incident=…</c>). An incident opened in chat
/// covers any device (its commander bound the conversation to it); an incident opened by an alert covers the devices
/// of its alerts, or, when none was resolved, its route's device scope.
/// </summary>
public sealed class IncidentChoice(IIncidentStore store, InventoryCatalog catalog, IAlertGroupStore? groups = null)
{
    /// <summary>The open incidents bound to the conversation, oldest first, with the devices each is about.</summary>
    public async Task<IReadOnlyList<BoundIncident>> BoundAsync(IReadOnlyList<string> openIncidents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(openIncidents);
        var bound = new List<BoundIncident>(openIncidents.Count);
        foreach (var id in openIncidents)
        {
            if (await store.GetAsync(id, cancellationToken) is { State: IncidentState.Open } incident)
            {
                bound.Add(new BoundIncident(incident.Id, await DevicesOfAsync(incident, cancellationToken)));
            }
        }

        return bound;
    }

    /// <summary>The incident a run on <paramref name="devices"/> belongs to, among <paramref name="bound"/>; null when none or more than one fits.</summary>
    public static BoundIncident? Pick(IReadOnlyList<BoundIncident> bound, IReadOnlyCollection<string> devices)
    {
        ArgumentNullException.ThrowIfNull(bound);
        ArgumentNullException.ThrowIfNull(devices);
        if (devices.Count == 0)
        {
            return null;
        }

        if (bound.Count == 1)
        {
            return devices.All(bound[0].Covers) ? bound[0] : null;
        }

        // With several, only an incident that names the device picks it: one that covers any device is not a match.
        var named = bound.Where(b => b.Devices is not null && devices.All(b.Devices.Contains)).ToArray();
        return named.Length == 1 ? named[0] : null;
    }

    private async Task<IReadOnlySet<string>?> DevicesOfAsync(Incident incident, CancellationToken cancellationToken)
    {
        if (incident.AlertGroups.Count == 0)
        {
            return null;
        }

        var devices = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var routes = new List<Alerts.Routing.AlertRoute>();
        foreach (var reference in incident.AlertGroups)
        {
            if (groups is null || await groups.GetAsync(reference.Source, reference.GroupKey, cancellationToken) is not { } group)
            {
                continue;
            }

            devices.UnionWith(group.Alerts.Values.Select(a => a.Device).OfType<string>());
            if (catalog.AlertRoutes.Routes.FirstOrDefault(r => string.Equals(r.Name, group.Route, StringComparison.Ordinal)) is { } route)
            {
                routes.Add(route);
            }
        }

        if (devices.Count == 0)
        {
            // No alert named a device: the route's scope, if it has one; a route open to any device picks none.
            devices.UnionWith(catalog.Devices.Where(d => routes.Any(r => !r.HasAnyDeviceScope && r.InScope(d))).Select(d => d.Name));
        }

        return devices;
    }
}
