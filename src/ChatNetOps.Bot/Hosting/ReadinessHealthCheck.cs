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

        return problems.Count == 0
            ? HealthCheckResult.Healthy("stores and queues reachable", data)
            : HealthCheckResult.Unhealthy(string.Join("; ", problems), data: data);
    }
}
