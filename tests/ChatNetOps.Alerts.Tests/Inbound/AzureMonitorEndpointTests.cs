namespace ChatNetOps.Alerts.Tests.Inbound;

using System.Net;
using System.Security.Cryptography;
using ChatNetOps.Alerts.Tests.Hosting;
using ChatNetOps.Alerts.Auth;
using ChatNetOps.Core.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

/// <summary>
/// POST /api/alerts/azure-monitor with the common alert schema (alerts-common-schema.md, alerts-payload-samples.md) and
/// a Secure Webhook token from the <see cref="LocalIssuer"/> standing in for the tenant.
/// </summary>
public sealed class AzureMonitorEndpointTests : IDisposable
{
    private readonly AlertsHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task SecureWebhookToken_IsRecorded_KeyedByAlertId_WithTheConfigurationItemAsDevice()
    {
        using var client = _host.CreateClient();
        var token = _host.Issuer.Token(_host.Time.GetUtcNow(), AlertsHost.Audience);

        using var response = await client.SendAsync(Signed.AzureMonitor(Payload.Read("azure-monitor-metric-fired.json"), token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var recorded = Assert.Single(await _host.PendingAsync());
        Assert.Equal(AlertSource.AzureMonitor, recorded.Source);
        Assert.StartsWith("/subscriptions/5c1f0e8a-3d7b-4a2e-9f61-2b8d4c7e0a13/providers/Microsoft.AlertsManagement/alerts/", recorded.GroupKey, StringComparison.Ordinal);
        Assert.Equal("vpngw-weu-tunnel-bw", recorded.Rule);
        var alert = Assert.Single(recorded.Alerts);
        Assert.Equal("vpngw-weu", alert.Labels["device"]);
        Assert.Equal("Sev1", alert.Labels["severity"]);
        Assert.Equal("site-to-site-vpn", alert.Labels["service"]);
        Assert.Equal("ams1", recorded.CommonLabels["site"]);
    }

    [Fact]
    public async Task FiredThenResolved_AreTwoNotificationsOfOneGroup()
    {
        using var client = _host.CreateClient();
        var token = _host.Issuer.Token(_host.Time.GetUtcNow(), AlertsHost.Audience);
        var resolved = Payload.Text("azure-monitor-metric-fired.json")
            .Replace("\"monitorCondition\":\"Fired\"", "\"monitorCondition\":\"Resolved\",\"resolvedDateTime\":\"2026-03-02T09:25:01.0000000Z\"", StringComparison.Ordinal);

        using var fired = await client.SendAsync(Signed.AzureMonitor(Payload.Read("azure-monitor-metric-fired.json"), token));
        using var ended = await client.SendAsync(Signed.AzureMonitor(System.Text.Encoding.UTF8.GetBytes(resolved), token));

        var pending = await _host.PendingAsync();
        Assert.Equal(2, pending.Count);
        Assert.Single(pending.Select(p => p.GroupKey).Distinct());
        Assert.Equal(AlertStatus.Resolved, pending[1].Status);
    }

    public static TheoryData<string, string> BadTokens() => new()
    {
        { "audience", "wrong-audience" },
        { "issuer", "other-tenant" },
        { "client", "wrong-client" },
        { "role", "missing-role" },
        { "expired", "expired" },
        { "key", "unknown-key" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task TokenThatIsNotOurs_401_NothingStored(string what, string _)
    {
        using var client = _host.CreateClient();
        var now = _host.Time.GetUtcNow();
        var token = what switch
        {
            "audience" => _host.Issuer.Token(now, "api://someone-else"),
            "issuer" => _host.Issuer.Token(now, AlertsHost.Audience, issuer: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0"),
            "client" => _host.Issuer.Token(now, AlertsHost.Audience, clientId: "11111111-2222-3333-4444-555555555555"),
            "role" => _host.Issuer.Token(now, AlertsHost.Audience, roles: ["Reader"]),
            "expired" => _host.Issuer.Token(now.AddHours(-3), AlertsHost.Audience),
            _ => _host.Issuer.Token(now, AlertsHost.Audience, signWith: new RsaSecurityKey(RSA.Create(2048)) { KeyId = "local-key-1" }),
        };

        using var response = await client.SendAsync(Signed.AzureMonitor(Payload.Read("azure-monitor-metric-fired.json"), token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await _host.PendingAsync());
        Assert.Single(await _host.DenialsAsync());
    }

    [Fact]
    public async Task TenantsSigningKeysUnreachable_503_SoTheActionGroupRetries_NothingStoredNothingDenied()
    {
        // The tenant's OpenID configuration behind a closed port on 127.0.0.1: the token cannot be checked now.
        using var host = new AlertsHost
        {
            ReplaceServices = services =>
            {
                services.RemoveAll<IConfigurationManager<OpenIdConnectConfiguration>>(d => Equals(d.ServiceKey, AzureMonitorAuthenticator.SigningKeysKey));
                services.AddKeyedSingleton<IConfigurationManager<OpenIdConnectConfiguration>>(AzureMonitorAuthenticator.SigningKeysKey, new ConfigurationManager<OpenIdConnectConfiguration>(
                    "https://127.0.0.1:9/" + AlertsHost.TenantId + "/v2.0/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever { RequireHttps = true }));
            },
        };
        using var client = host.CreateClient();

        using var response = await client.SendAsync(Signed.AzureMonitor(Payload.Read("azure-monitor-metric-fired.json"), host.Issuer.Token(host.Time.GetUtcNow(), AlertsHost.Audience)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("\"unavailable\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await host.PendingAsync());
        Assert.Empty(await host.DenialsAsync());
    }

    [Fact]
    public async Task BasicAuth_WhenOnlyTheSecureWebhookIsConfigured_401()
    {
        using var client = _host.CreateClient();

        using var response = await client.SendAsync(Signed.Basic("/api/alerts/azure-monitor", Payload.Read("azure-monitor-metric-fired.json"), "azure", "whatever-password"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PlainWebhookFallback_BasicAuthWhenConfigured_IsAccepted()
    {
        _host.Settings["Alerts:AzureMonitor:Username"] = "azure";
        _host.Settings["Alerts:AzureMonitor:Password"] = "azure-password-0123456789";
        using var client = _host.CreateClient();

        using var response = await client.SendAsync(Signed.Basic("/api/alerts/azure-monitor", Payload.Read("azure-monitor-metric-fired.json"), "azure", "azure-password-0123456789"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task NotTheCommonSchema_400()
    {
        using var client = _host.CreateClient();
        var token = _host.Issuer.Token(_host.Time.GetUtcNow(), AlertsHost.Audience);

        using var response = await client.SendAsync(Signed.AzureMonitor("""{"schemaId":"Microsoft.Insights/activityLogs","data":{}}"""u8.ToArray(), token));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
