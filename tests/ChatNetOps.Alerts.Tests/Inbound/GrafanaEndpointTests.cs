namespace ChatNetOps.Alerts.Tests.Inbound;

using System.Net;
using ChatNetOps.Alerts.Tests.Hosting;
using ChatNetOps.Core.Alerts;

/// <summary>
/// POST /api/alerts/grafana with the Grafana webhook contact point's body (webhook-notifier.md) signed as
/// grafana/alerting http/hmac.go signs it.
/// </summary>
public sealed class GrafanaEndpointTests : IDisposable
{
    private readonly AlertsHost _host = new();

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData("X-Grafana-Alerting-Signature")]
    [InlineData("X-Grafana-Alert-Signature")]
    public async Task SignedWithEitherHeaderName_IsRecorded(string header)
    {
        using var client = _host.CreateClient();

        using var response = await client.SendAsync(Signed.Grafana(Payload.Read("grafana-firing.json"), header));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var recorded = Assert.Single(await _host.PendingAsync());
        Assert.Equal(AlertSource.Grafana, recorded.Source);
        Assert.Equal("ams1-rtr01", Assert.Single(recorded.Alerts).Labels["device"]);
        Assert.Equal("BGP peer down", recorded.Rule);
    }

    [Fact]
    public async Task WrongSecret_401()
    {
        using var client = _host.CreateClient();

        using var response = await client.SendAsync(Signed.Grafana(Payload.Read("grafana-firing.json"), secret: "another-secret-0123456789"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("bad-signature", Assert.Single(await _host.DenialsAsync()).Details["reason"]);
        Assert.Empty(await _host.PendingAsync());
    }

    [Fact]
    public async Task BodyChangedAfterSigning_401()
    {
        using var client = _host.CreateClient();
        var request = Signed.Grafana(Payload.Read("grafana-firing.json"));
        var tampered = Payload.Text("grafana-firing.json").Replace("ams1-rtr01", "ams1-rtr02", StringComparison.Ordinal);
        request.Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(tampered));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ConfiguredSignatureHeader_OnlyThatNameCounts()
    {
        _host.Settings["Alerts:Grafana:SignatureHeader"] = "X-Our-Signature";
        using var client = _host.CreateClient();

        using var other = await client.SendAsync(Signed.Grafana(Payload.Read("grafana-firing.json"), "X-Grafana-Alerting-Signature"));
        using var ours = await client.SendAsync(Signed.Grafana(Payload.Read("grafana-firing.json"), "X-Our-Signature"));

        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ours.StatusCode);
    }

    [Fact]
    public async Task WithTimestampHeader_FreshIsAccepted_StaleAndUnsignedTimestampsAreRefused()
    {
        _host.Settings["Alerts:Grafana:TimestampHeader"] = "X-Grafana-Alerting-Timestamp";
        using var client = _host.CreateClient();
        var now = _host.Time.GetUtcNow().ToUnixTimeSeconds();

        using var fresh = await client.SendAsync(Signed.Grafana(Payload.Read("grafana-firing.json"), timestampHeader: "X-Grafana-Alerting-Timestamp", timestamp: now));
        using var stale = await client.SendAsync(Signed.Grafana(Payload.Read("grafana-firing.json"), timestampHeader: "X-Grafana-Alerting-Timestamp", timestamp: now - 600));
        using var unsignedTimestamp = await client.SendAsync(Signed.Grafana(Payload.Read("grafana-firing.json")));

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsignedTimestamp.StatusCode);
        Assert.Equal(["stale-timestamp", "no-timestamp"], (await _host.DenialsAsync()).Select(d => d.Details["reason"]));
    }
}
