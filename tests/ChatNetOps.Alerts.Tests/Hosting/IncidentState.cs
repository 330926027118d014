namespace ChatNetOps.Alerts.Tests.Hosting;

using ChatNetOps.Alerts.Cards;
using ChatNetOps.Alerts.Processing;
using ChatNetOps.Core.Alerts;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using Microsoft.Extensions.DependencyInjection;

/// <summary>What the host made of the alerts: its incidents, their audit chains, the groups.</summary>
public static class IncidentStateExtensions
{
    public static Task<int> ProcessAsync(this AlertsHost host) =>
        host.Services.GetRequiredService<AlertProcessor>().ProcessPendingAsync(CancellationToken.None);

    public static Task<int> RefreshCardsAsync(this AlertsHost host) =>
        host.Services.GetRequiredService<AlertCardNotifier>().RefreshAsync(CancellationToken.None);

    public static Task<IReadOnlyList<Incident>> OpenIncidentsAsync(this AlertsHost host) =>
        host.Services.GetRequiredService<IIncidentStore>().ListOpenAsync(CancellationToken.None);

    public static Task<Incident?> IncidentAsync(this AlertsHost host, string id) =>
        host.Services.GetRequiredService<IIncidentStore>().GetAsync(id, CancellationToken.None);

    public static Task<AlertGroup?> GroupAsync(this AlertsHost host, AlertSource source, string groupKey) =>
        host.Services.GetRequiredService<IAlertGroupStore>().GetAsync(source, groupKey, CancellationToken.None);

    public static async Task<IReadOnlyList<AuditEvent>> ChainAsync(this AlertsHost host, string incident)
    {
        var events = new List<AuditEvent>();
        await foreach (var e in host.Services.GetRequiredService<IAuditLog>().ReadAsync(incident, CancellationToken.None))
        {
            events.Add(e);
        }

        return events;
    }

    public static Task<ChainVerification> VerifyAsync(this AlertsHost host, string incident) =>
        host.Services.GetRequiredService<AuditVerifier>().VerifyAsync(incident, CancellationToken.None);
}
