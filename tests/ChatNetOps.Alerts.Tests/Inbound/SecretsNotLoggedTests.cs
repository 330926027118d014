namespace ChatNetOps.Alerts.Tests.Inbound;

using System.Net;
using ChatNetOps.Alerts.Tests.Hosting;
using ChatNetOps.Testing.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// docs/alerts.md: secrets are never logged. Accepted and refused requests on every endpoint (right and wrong tokens,
/// passwords, signatures, an unknown source) leave log lines, none of which holds a configured secret or a presented
/// credential.
/// </summary>
public sealed class SecretsNotLoggedTests
{
    [Fact]
    public async Task NoConfiguredSecretAndNoPresentedCredential_IsInAnyLogLine()
    {
        var logs = new LogEventSignals();
        using var host = new AlertsHost { ReplaceServices = s => s.AddSingleton<ILoggerProvider>(logs) };
        using var client = host.CreateClient();
        var alertmanager = Payload.Read("alertmanager-firing-and-resolved.json");
        const string wrongToken = "Wr0ngPresentedToken-7f3a9c";
        const string wrongPassword = "Wr0ngPresentedPassword-41b2";
        const string wrongSecret = "Wr0ngGrafanaSecret-88d1e0";
        var wrongWebhookSecret = "whsec_" + Convert.ToBase64String(Enumerable.Repeat((byte)0x5a, 32).ToArray());
        var now = host.Time.GetUtcNow();
        var unknownSource = Signed.Alertmanager("{}"u8.ToArray());
        unknownSource.RequestUri = new Uri("/api/alerts/pagerduty", UriKind.Relative);
        HttpRequestMessage[] requests =
        [
            Signed.Alertmanager(alertmanager),
            Signed.Alertmanager(alertmanager, token: wrongToken),
            Signed.Basic("/api/alerts/alertmanager", alertmanager, "alertmanager", "am-password-0123456789"),
            Signed.Basic("/api/alerts/alertmanager", alertmanager, "alertmanager", wrongPassword),
            Signed.Grafana(Payload.Read("grafana-firing.json")),
            Signed.Grafana(Payload.Read("grafana-firing.json"), secret: wrongSecret),
            Signed.Webhook(Payload.Read("webhook-fired.json"), "msg_log_1", now),
            Signed.Webhook(Payload.Read("webhook-fired.json"), "msg_log_2", now, secret: wrongWebhookSecret),
            Signed.AzureMonitor(Payload.Read("azure-monitor-metric-fired.json"), wrongToken),
            unknownSource,
        ];
        var presented = new List<string>();
        var statuses = new List<HttpStatusCode>();
        foreach (var request in requests)
        {
            presented.AddRange(request.Headers.SelectMany(h => h.Value));
            using (request)
            using (var response = await client.SendAsync(request))
            {
                statuses.Add(response.StatusCode);
            }
        }

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.NotFound],
            statuses);
        var lines = logs.Lines.Select(l => l.Text).ToList();
        Assert.Contains(lines, l => l.Contains("Refused an alert request", StringComparison.Ordinal));
        string[] secrets =
        [
            AlertsHost.BearerToken, "am-password-0123456789", AlertsHost.GrafanaSecret, AlertsHost.WebhookSecret["whsec_".Length..],
            wrongToken, wrongPassword, wrongSecret, wrongWebhookSecret["whsec_".Length..],
            .. presented.Where(v => v.Length >= 16).Select(v => v.Split(' ', ',')[^1]).Where(v => v.Length >= 16),
        ];
        foreach (var secret in secrets.Distinct(StringComparer.Ordinal))
        {
            Assert.All(lines, l => Assert.DoesNotContain(secret, l, StringComparison.Ordinal));
        }
    }
}
