namespace ChatNetOps.Core.Alerts.Routing;

/// <summary>The ordered routes of <c>alert-routes.yaml</c> and its one default route.</summary>
public sealed class AlertRouteTable
{
    public AlertRouteTable(IReadOnlyList<AlertRoute> routes)
    {
        Routes = routes;
        Default = routes.FirstOrDefault(r => r.IsDefault);
    }

    /// <summary>No alert-routes.yaml: every alert group is refused routing (recorded, no incident).</summary>
    public static AlertRouteTable None { get; } = new([]);

    public IReadOnlyList<AlertRoute> Routes { get; }

    public AlertRoute? Default { get; }

    /// <summary>
    /// The first route whose match holds for the notification, else the default. The labels a route matches are those
    /// every alert of the group shares, with the source's common labels.
    /// </summary>
    public AlertRoute? Route(AlertNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var labels = SharedLabels(notification);
        return Routes.FirstOrDefault(r => r.Matches(notification.Source, labels)) ?? Default;
    }

    public static Dictionary<string, string> SharedLabels(AlertNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var shared = new Dictionary<string, string>(notification.CommonLabels, StringComparer.Ordinal);
        if (notification.Alerts.Count == 0)
        {
            return shared;
        }

        foreach (var (key, value) in notification.Alerts[0].Labels)
        {
            if (!shared.ContainsKey(key) && notification.Alerts.All(a => a.Labels.TryGetValue(key, out var other) && other == value))
            {
                shared[key] = value;
            }
        }

        return shared;
    }
}
