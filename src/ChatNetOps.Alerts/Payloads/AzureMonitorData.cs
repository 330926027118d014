namespace ChatNetOps.Alerts.Payloads;

internal sealed record AzureMonitorData
{
    public AzureMonitorEssentials? Essentials { get; init; }

    public Dictionary<string, string?>? CustomProperties { get; init; }
}
