namespace ChatNetOps.Alerts.Tests.Hosting;

using ChatNetOps.Core.Alerts;
using ChatNetOps.Core.Audit;
using Microsoft.Extensions.DependencyInjection;

/// <summary>What the host recorded: the pending notifications and the day's audit denials.</summary>
public static class HostState
{
    public static Task<IReadOnlyList<AlertNotification>> PendingAsync(this AlertsHost host) =>
        host.Services.GetRequiredService<IAlertStore>().ListPendingAsync(1000, CancellationToken.None);

    public static async Task<IReadOnlyList<AuditEvent>> DenialsAsync(this AlertsHost host)
    {
        var audit = host.Services.GetRequiredService<IAuditLog>();
        var events = new List<AuditEvent>();
        await foreach (var e in audit.ReadAsync(AuditPartitions.For(null, host.Time.GetUtcNow()), CancellationToken.None))
        {
            if (e.Kind == AuditKind.Denied && e.Details.GetValueOrDefault("action") == "alert-inbound")
            {
                events.Add(e);
            }
        }

        return events;
    }
}
