namespace ChatNetOps.Core.Alerts;

public enum AlertStatus
{
    Firing,
    Resolved,
}
