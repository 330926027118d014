namespace ChatNetOps.Core.Incidents;

public enum IncidentState
{
    Open,
    Closed,
}
