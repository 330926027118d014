namespace ChatNetOps.Core.Alerts.Routing;

/// <summary>What a route does with a new alert group: open its own incident, or attach to the open one of the same service or device.</summary>
public enum IncidentPolicy
{
    New,
    Attach,
}
