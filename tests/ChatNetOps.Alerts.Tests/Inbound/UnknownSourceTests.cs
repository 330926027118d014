namespace ChatNetOps.Alerts.Tests.Inbound;

using System.Net;
using ChatNetOps.Alerts.Tests.Hosting;

/// <summary>
/// A notification sent to an alert endpoint we do not have (a source we do not know, a mistyped path) is a refusal like
/// any other: a clear 404 naming the endpoints there are, an audited denial, nothing stored, and the body never read.
/// </summary>
public sealed class UnknownSourceTests : IDisposable
{
    private readonly AlertsHost _host = new();

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData("/api/alerts/pagerduty")]
    [InlineData("/api/alerts/Alertmanagers")]
    [InlineData("/api/alerts/%3Cat%3Eadmin%3C%2Fat%3E")]
    public async Task UnknownSource_404NamingTheEndpoints_AuditedDenial_NothingStored(string path)
    {
        using var client = _host.CreateClient();
        using var request = Signed.Json(path, new AlertmanagerBody().Firing("f1", _host.Time.GetUtcNow(), "fw-edge-01").Build());
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + AlertsHost.BearerToken);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"unknown-source\"", body, StringComparison.Ordinal);
        Assert.Contains("/api/alerts/alertmanager", body, StringComparison.Ordinal);
        var denial = Assert.Single(await _host.DenialsAsync());
        Assert.Equal(("unknown", "unknown-source"), (denial.Details["source"], denial.Details["reason"]));
        Assert.Empty(await _host.PendingAsync());
    }

    [Fact]
    public async Task UnknownSource_WithATenMegabyteBody_IsRefusedWithoutReadingIt()
    {
        using var client = _host.CreateClient();
        using var request = Signed.Json("/api/alerts/nagios", new byte[10 * 1024 * 1024]);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unknown-source", Assert.Single(await _host.DenialsAsync()).Details["reason"]);
        Assert.Empty(await _host.PendingAsync());
    }
}
