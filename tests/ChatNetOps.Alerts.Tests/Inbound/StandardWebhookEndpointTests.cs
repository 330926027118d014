namespace ChatNetOps.Alerts.Tests.Inbound;

using System.Net;
using System.Text;
using System.Text.Json;
using ChatNetOps.Alerts.Tests.Hosting;
using ChatNetOps.Core.Alerts;
using StandardWebhooks;

/// <summary>POST /api/alerts/webhook signed per Standard Webhooks v1.0.0 (spec/standard-webhooks.md).</summary>
public sealed class StandardWebhookEndpointTests : IDisposable
{
    private readonly AlertsHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Signed_IsRecorded_WithTheWebhookIdAsItsId()
    {
        using var client = _host.CreateClient();

        using var response = await client.SendAsync(Signed.Webhook(Payload.Read("webhook-fired.json"), "msg_2Ta9Qk1Zb0yW7c3xN5pR8mE4fGh", _host.Time.GetUtcNow()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var recorded = Assert.Single(await _host.PendingAsync());
        Assert.Equal("msg_2Ta9Qk1Zb0yW7c3xN5pR8mE4fGh", recorded.Id);
        Assert.Equal("librenms:lnms-88213", recorded.GroupKey);
        var alert = Assert.Single(recorded.Alerts);
        Assert.Equal("ams1-fw01", alert.Labels["device"]);
        Assert.Equal("critical", alert.Labels["severity"]);
        Assert.Equal("https://nms.example.net/alerts/88213", alert.GeneratorUrl);
    }

    [Fact]
    public async Task SignedByThePackagesOwnSigner_IsAccepted()
    {
        using var client = _host.CreateClient();
        var at = _host.Time.GetUtcNow();
        var body = Payload.Text("webhook-fired.json");
        var signature = new StandardWebhook(AlertsHost.WebhookSecret).Sign("msg_pkg", at, body);
        using var request = Signed.Json("/api/alerts/webhook", Encoding.UTF8.GetBytes(body));
        request.Headers.Add("webhook-id", "msg_pkg");
        request.Headers.Add("webhook-timestamp", at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Retry_SameWebhookId_Answers200Duplicate_RecordedOnce()
    {
        using var client = _host.CreateClient();
        using var first = await client.SendAsync(Signed.Webhook(Payload.Read("webhook-fired.json"), "msg_1", _host.Time.GetUtcNow()));
        _host.Time.Advance(TimeSpan.FromSeconds(30));

        using var retry = await client.SendAsync(Signed.Webhook(Payload.Read("webhook-fired.json"), "msg_1", _host.Time.GetUtcNow()));

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        using var answer = JsonDocument.Parse(await retry.Content.ReadAsStringAsync());
        Assert.Equal("duplicate", answer.RootElement.GetProperty("status").GetString());
        Assert.Single(await _host.PendingAsync());
    }

    [Fact]
    public async Task RotatedKeys_OneOfSeveralV1SignaturesMatches_IsAccepted()
    {
        using var client = _host.CreateClient();

        using var response = await client.SendAsync(Signed.Webhook(Payload.Read("webhook-fired.json"), "msg_2", _host.Time.GetUtcNow(), extraSignature: "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v1a,ignored"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public async Task TimestampOutsideTolerance_401_EvenWhenTheSignatureIsValid(int offsetSeconds)
    {
        using var client = _host.CreateClient();

        using var response = await client.SendAsync(Signed.Webhook(Payload.Read("webhook-fired.json"), "msg_3", _host.Time.GetUtcNow().AddSeconds(offsetSeconds)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("stale-timestamp", Assert.Single(await _host.DenialsAsync()).Details["reason"]);
        Assert.Empty(await _host.PendingAsync());
    }

    [Fact]
    public async Task WrongSecret_401()
    {
        using var client = _host.CreateClient();
        var other = "whsec_" + Convert.ToBase64String(new byte[32]);

        using var response = await client.SendAsync(Signed.Webhook(Payload.Read("webhook-fired.json"), "msg_4", _host.Time.GetUtcNow(), secret: other));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("bad-signature", Assert.Single(await _host.DenialsAsync()).Details["reason"]);
    }

    [Fact]
    public async Task MissingHeaders_401_BeforeTheBodyIsRead()
    {
        using var client = _host.CreateClient();

        using var response = await client.SendAsync(Signed.Json("/api/alerts/webhook", Payload.Read("webhook-fired.json")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("missing-signature-headers", Assert.Single(await _host.DenialsAsync()).Details["reason"]);
    }

    [Fact]
    public async Task SignedButNotAnAlert_400()
    {
        using var client = _host.CreateClient();

        using var response = await client.SendAsync(Signed.Webhook("""{"type":"user.created","data":{"id":"u1"}}"""u8.ToArray(), "msg_5", _host.Time.GetUtcNow()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await _host.PendingAsync());
    }
}
