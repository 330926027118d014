namespace ChatNetOps.Alerts.Tests.Inbound;

using System.Net;
using System.Text;
using System.Text.Json;
using ChatNetOps.Alerts.Tests.Hosting;
using ChatNetOps.Core.Alerts;

/// <summary>
/// POST /api/alerts/alertmanager on the real host with the Alertmanager webhook body (version 4; docs/configuration.md
/// §webhook_config, notify/webhook/webhook.go), authenticated as its http_config sends it.
/// </summary>
public sealed class AlertmanagerEndpointTests : IDisposable
{
    private readonly AlertsHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Bearer_FiringAndResolvedInOneGroup_RecordedBeforeThe200_WithBothAlerts()
    {
        using var client = _host.CreateClient();

        using var response = await client.SendAsync(Signed.Alertmanager(Payload.Read("alertmanager-firing-and-resolved.json")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("recorded", answer.RootElement.GetProperty("status").GetString());
        var recorded = Assert.Single(await _host.PendingAsync());
        Assert.Equal(AlertSource.Alertmanager, recorded.Source);
        Assert.Equal("{}/{team=\"netops\"}:{alertname=\"InterfaceDown\", site=\"ams1\"}", recorded.GroupKey);
        Assert.Equal(AlertStatus.Firing, recorded.Status);
        Assert.Equal("InterfaceDown", recorded.Rule);
        var firing = Assert.Single(recorded.Alerts, a => a.Fingerprint == "6c1e0d9a3f2b7c41");
        Assert.Equal(AlertStatus.Firing, firing.Status);
        Assert.Null(firing.EndsAt);
        Assert.Equal("ams1-fw01", firing.Labels["device"]);
        var resolved = Assert.Single(recorded.Alerts, a => a.Fingerprint == "a93f5e21c07d44b8");
        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.Equal(DateTimeOffset.Parse("2026-03-02T09:13:40.002Z", System.Globalization.CultureInfo.InvariantCulture), resolved.EndsAt);
    }

    [Fact]
    public async Task HaPairDuplicate_Answers200Duplicate_AndIsRecordedOnce()
    {
        using var client = _host.CreateClient();
        var body = Payload.Read("alertmanager-firing-and-resolved.json");
        using var first = await client.SendAsync(Signed.Alertmanager(body));

        // The peer of the HA pair sends the same group, serialised with another field order and spacing.
        using var parsed = JsonDocument.Parse(body);
        var reordered = JsonSerializer.SerializeToUtf8Bytes(parsed.RootElement.EnumerateObject().Reverse().ToDictionary(p => p.Name, p => p.Value));
        using var second = await client.SendAsync(Signed.Alertmanager(reordered));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        using var answer = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.Equal("duplicate", answer.RootElement.GetProperty("status").GetString());
        Assert.Single(await _host.PendingAsync());
    }

    [Fact]
    public async Task BasicAuth_AsHttpConfigSendsIt_IsAccepted()
    {
        using var client = _host.CreateClient();

        using var response = await client.SendAsync(Signed.Basic("/api/alerts/alertmanager", Payload.Read("alertmanager-firing-and-resolved.json"), "alertmanager", "am-password-0123456789"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("Bearer wrong-token-0123456789abc", "bad-credentials")]
    [InlineData("Bearer", "malformed-authorization-header")]
    [InlineData("Basic YWxlcnRtYW5hZ2VyOndyb25n", "bad-credentials")]
    [InlineData("Basic !!!notbase64", "bad-credentials")]
    [InlineData("Token am-token-0123456789abcdef", "bad-credentials")]
    public async Task BadCredentials_401_AuditedDenial_NothingStored(string authorization, string reason)
    {
        using var client = _host.CreateClient();
        using var request = Signed.Alertmanager(Payload.Read("alertmanager-firing-and-resolved.json"), token: null);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await _host.PendingAsync());
        var denial = Assert.Single(await _host.DenialsAsync());
        Assert.Equal(reason, denial.Details["reason"]);
        Assert.Equal("Alertmanager", denial.Details["source"]);
        Assert.DoesNotContain("am-token", JsonSerializer.Serialize(denial.Details), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoAuthorization_401()
    {
        using var client = _host.CreateClient();

        using var response = await client.SendAsync(Signed.Alertmanager(Payload.Read("alertmanager-firing-and-resolved.json"), token: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("no-authorization-header", Assert.Single(await _host.DenialsAsync()).Details["reason"]);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"version":"4","groupKey":"g","status":"firing","alerts":[{"status":"pending","labels":{},"startsAt":"2026-03-02T09:14:05Z"}]}""")]
    [InlineData("""{"version":"3","groupKey":"g","alerts":[]}""")]
    [InlineData("""{"version":"4","alerts":[]}""")]
    [InlineData("""{"version":"4","groupKey":"g","alerts":[{"status":"firing","labels":{"severity":5},"startsAt":"2026-03-02T09:14:05Z"}]}""")]
    [InlineData("""{"version":"4","groupKey":"g","alerts":[null]}""")]
    [InlineData("null")]
    public async Task Malformed_400WithAMessage_AuditedDenial_NothingStored(string body)
    {
        using var client = _host.CreateClient();

        using var response = await client.SendAsync(Signed.Alertmanager(Encoding.UTF8.GetBytes(body)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
        Assert.Equal("malformed", Assert.Single(await _host.DenialsAsync()).Details["reason"]);
        Assert.Empty(await _host.PendingAsync());
    }

    [Fact]
    public async Task UnknownFields_AreIgnored()
    {
        using var client = _host.CreateClient();
        var body = Payload.Text("alertmanager-firing-and-resolved.json").Replace("\"truncatedAlerts\":0,", "\"truncatedAlerts\":0,\"futureField\":{\"x\":[1,2]},", StringComparison.Ordinal);

        using var response = await client.SendAsync(Signed.Alertmanager(Encoding.UTF8.GetBytes(body)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TenMegabyteBody_413BeforeReadingIt_AuditedDenial_NothingStored()
    {
        using var client = _host.CreateClient();
        var huge = new byte[10 * 1024 * 1024];
        Array.Fill(huge, (byte)' ');

        using var response = await client.SendAsync(Signed.Alertmanager(huge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("body-too-large", Assert.Single(await _host.DenialsAsync()).Details["reason"]);
        Assert.Empty(await _host.PendingAsync());
    }

    [Fact]
    public async Task TenMegabyteChunkedBody_413_NothingStored()
    {
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/alerts/alertmanager")
        {
            Content = new StreamContent(new MemoryStream(new byte[10 * 1024 * 1024])),
        };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AlertsHost.BearerToken);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(await _host.PendingAsync());
    }

    [Fact]
    public async Task ManyRefusalsFromOneSource_FirstTenRecordedInFull_TheRestCounted()
    {
        using var client = _host.CreateClient();
        for (var i = 0; i < 25; i++)
        {
            using var response = await client.SendAsync(Signed.Alertmanager(Payload.Read("alertmanager-firing-and-resolved.json"), token: "wrong-token-0123456789abcdef"));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(Core.Audit.InboundRefusals.VerbatimPerMinute, (await _host.DenialsAsync()).Count(d => !d.Details.ContainsKey("aggregated")));
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        using (await client.SendAsync(Signed.Alertmanager(Payload.Read("alertmanager-firing-and-resolved.json"), token: "wrong-token-0123456789abcdef")))
        {
        }

        var summary = Assert.Single(await AllDenialsAsync(), d => d.Details.ContainsKey("aggregated"));
        Assert.Equal("15", summary.Details["suppressed"]);
    }

    private async Task<IReadOnlyList<Core.Audit.AuditEvent>> AllDenialsAsync()
    {
        var audit = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Core.Audit.IAuditLog>(_host.Services);
        var events = new List<Core.Audit.AuditEvent>();
        foreach (var partition in await audit.ListPartitionsAsync(CancellationToken.None))
        {
            await foreach (var e in audit.ReadAsync(partition, CancellationToken.None))
            {
                if (e.Kind == Core.Audit.AuditKind.Denied)
                {
                    events.Add(e);
                }
            }
        }

        return events;
    }
}
