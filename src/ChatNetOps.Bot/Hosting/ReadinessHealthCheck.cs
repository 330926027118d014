namespace ChatNetOps.Bot.Hosting;

using ChatNetOps.Core.Health;
using ChatNetOps.Core.Inventory;
using Microsoft.Extensions.Diagnostics.HealthChecks;

/// <summary>Ready when the inventory is loaded and every store and queue answers.</summary>
internal sealed class ReadinessHealthCheck(InventoryCatalog catalog, IEnumerable<IReadinessProbe> probes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["inventory"] = $"{catalog.Devices.Count} devices, {catalog.Runbooks.Count} runbooks" };
        if (catalog.Source is { } source)
        {
            data["inventorySource"] = source.Describe();
        }

        var problems = new List<string>();
        foreach (var probe in probes)
        {
            string? problem;
            try
            {
                problem = await probe.CheckAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                problem = e.GetType().Name + ": " + e.Message;
            }

            data[probe.Name] = problem ?? "reachable";
            if (problem is not null)
            {
                problems.Add($"{probe.Name}: {problem}");
            }
        }

        if (problems.Count > 0)
        {
            return HealthCheckResult.Unhealthy(string.Join("; ", problems), data: data);
        }

        // A stale inventory still serves its last good snapshot: ready (200), but degraded and saying since when.
        return catalog.Source is { Stale: true } stale
            ? HealthCheckResult.Degraded("inventory is stale: " + stale.Describe(), data: data)
            : HealthCheckResult.Healthy("stores and queues reachable", data);
    }
}
