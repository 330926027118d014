namespace ChatNetOps.Alerts.Tests.Inbound;

using System.Net;
using ChatNetOps.Alerts.Tests.Hosting;

/// <summary>
/// The bot as deployed (Production) has the Teams Bot Framework JWT scheme as its only authentication scheme, which
/// ASP.NET Core then runs on every request. Alertmanager's Bearer token must not reach it: found by the alert storm
/// benchmark, where every Alertmanager request failed with 500 because the Bot Connector keys could not be read.
/// </summary>
public sealed class ProductionHostTests : IDisposable
{
    private readonly AlertsHost _host = new() { Environment = "Production" };

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task AlertmanagerBearerToken_IsNotTakenForABotFrameworkToken_Recorded200()
    {
        using var client = _host.CreateClient();

        using var response = await client.SendAsync(Signed.Alertmanager(new AlertmanagerBody().Firing("f1", _host.Time.GetUtcNow(), "fw-edge-01").Build()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await _host.PendingAsync());
    }
}
