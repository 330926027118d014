namespace ChatNetOps.Alerts.Tests.Inbound;

using System.Net;
using ChatNetOps.Alerts.Tests.Hosting;
using ChatNetOps.Core.Alerts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

public sealed class UnconfiguredAndStoreDownTests
{
    [Theory]
    [InlineData("/api/alerts/alertmanager")]
    [InlineData("/api/alerts/azure-monitor")]
    [InlineData("/api/alerts/grafana")]
    [InlineData("/api/alerts/webhook")]
    public async Task EndpointWithoutASecret_Answers401ToEverything_AndRecordsTheRefusal(string path)
    {
        using var host = new AlertsHost(configured: false);
        using var client = host.CreateClient();
        using var request = Signed.Json(path, Payload.Read("alertmanager-firing-and-resolved.json"));
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + AlertsHost.BearerToken);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("not-configured", Assert.Single(await host.DenialsAsync()).Details["reason"]);
        Assert.Empty(await host.PendingAsync());

        // The caller learns no more than from a wrong credential; the reason is in the audit trail and the log.
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("The request is not authenticated.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("configured", body, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/api/alerts/alertmanager")]
    [InlineData("/api/alerts/azure-monitor")]
    [InlineData("/api/alerts/grafana")]
    [InlineData("/api/alerts/webhook")]
    public async Task EndpointWithoutASecret_Answers401_AlsoToNoCredentialsAMalformedBodyAndTenMegabytes(string path)
    {
        // Nothing about an unconfigured endpoint's input is judged (no 400, no 413): it refuses as a wrong credential would.
        using var host = new AlertsHost(configured: false);
        using var client = host.CreateClient();
        byte[][] bodies = [Payload.Read("alertmanager-firing-and-resolved.json"), "{\"version\":"u8.ToArray(), new byte[10 * 1024 * 1024]];

        foreach (var body in bodies)
        {
            using var request = Signed.Json(path, body);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(["not-configured", "not-configured", "not-configured"], (await host.DenialsAsync()).Select(d => d.Details["reason"]));
        Assert.Empty(await host.PendingAsync());
    }

    [Fact]
    public async Task StoreUnavailable_503_SoAlertmanagerRetries()
    {
        using var host = new AlertsHost { ReplaceServices = s => s.AddSingleton<IAlertStore>(new UnavailableAlertStore()) };
        using var client = host.CreateClient();

        using var response = await client.SendAsync(Signed.Alertmanager(Payload.Read("alertmanager-firing-and-resolved.json")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task SqliteFileLockedByAnotherProcess_EveryConcurrentRequest503_NothingRecorded_TheRetryIsRecorded()
    {
        using var host = new AlertsHost();
        host.Settings["Storage:Sqlite:BusyTimeout"] = "00:00:00.100";
        using var client = host.CreateClient();
        var bodies = Enumerable.Range(0, 4)
            .Select(i => new AlertmanagerBody().Firing($"fp{i}", host.Time.GetUtcNow().AddMinutes(-1), "ams1-fw01").Build())
            .ToArray();
        using var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = host.Services.GetRequiredService<IConfiguration>()["Storage:Sqlite:Path"], Pooling = false }.ToString());
        other.Open();
        using (var begin = other.CreateCommand())
        {
            // Another process holds the write lock: the writer's shared transaction cannot begin, so no waiter of it is recorded.
            begin.CommandText = "BEGIN IMMEDIATE;";
            begin.ExecuteNonQuery();
        }

        var answers = await Task.WhenAll(bodies.Concat(bodies).Select(async body =>
        {
            using var request = Signed.Alertmanager(body);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }));

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
        using (var rollback = other.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }

        Assert.Empty(await host.PendingAsync());
        using var retry = await client.SendAsync(Signed.Alertmanager(bodies[0]));
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Single(await host.PendingAsync());
    }

    [Theory]
    [InlineData("Alerts:Alertmanager:Username", "only-a-user")]
    [InlineData("Alerts:Alertmanager:BearerToken", "short")]
    [InlineData("Alerts:Webhook:Secret", "not-a-whsec-secret")]
    [InlineData("Alerts:AzureMonitor:Audience", "api://x")]
    [InlineData("Alerts:Grafana:Secret", "short")]
    [InlineData("Alerts:Grafana:TimestampHeader", "X-Grafana-Alerting-Timestamp")]
    [InlineData("Alerts:Grafana:SignatureHeader", "X-Grafana-Alerting-Signature")]
    public void HalfConfiguredEndpoint_StopsTheHostAtStart_NamingTheKey(string key, string value)
    {
        using var host = new AlertsHost(configured: false);
        host.Settings[key] = value;

        var e = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains(key.Split(':')[1], e.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Alerts:Grafana:SignatureHeader", "X-Grafana-Alerting-Signature: sha256")]
    [InlineData("Alerts:Grafana:TimestampHeader", "X Grafana Timestamp")]
    public void GrafanaHeaderSettingThatIsNotAHeaderName_StopsTheHostAtStart_NamingTheKey(string key, string value)
    {
        // Such a header is never sent, so every notification would be refused as unsigned.
        using var host = new AlertsHost();
        host.Settings[key] = value;

        var e = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains(key, e.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A store whose backend cannot be reached (the rare fault a real file or account cannot produce on demand).</summary>
    private sealed class UnavailableAlertStore : IAlertStore
    {
        public Task<bool> RecordAsync(AlertNotification notification, CancellationToken cancellationToken) => throw new IOException("database is locked");

        public Task<IReadOnlyList<AlertNotification>> ListPendingAsync(int max, CancellationToken cancellationToken) => throw new IOException("database is locked");

        public Task MarkProcessedAsync(AlertSource source, string id, CancellationToken cancellationToken) => throw new IOException("database is locked");
    }
}
