namespace ChatNetOps.Teams.Tests.Connector;

using ChatNetOps.Teams.Hosting;
using ChatNetOps.Teams.Tests.Infrastructure;

/// <summary>Which serviceUrls may receive the bot's token: https Teams service hosts only; loopback only in Development.</summary>
public sealed class ServiceUrlPolicyTests
{
    [Theory]
    [InlineData("https://smba.trafficmanager.net/teams/")]
    [InlineData("https://smba.trafficmanager.net/amer/")]
    [InlineData("https://SMBA.trafficmanager.net/emea")]
    [InlineData("https://smba.infra.gcc.teams.microsoft.com/gcc")]
    [InlineData("https://smba.infra.gov.teams.microsoft.us/gcch")]
    [InlineData("https://smba.infra.dod.teams.microsoft.us/teams")]
    public void TeamsServiceHostsOverHttps_AreAllowed(string url) =>
        Assert.Null(ServiceUrlPolicies.For("Production").Check(url));

    [Theory]
    [InlineData("http://smba.trafficmanager.net/teams/", "serviceurl-not-https")]
    [InlineData("https://smba.trafficmanager.net:8443/teams/", "serviceurl-not-https")]
    [InlineData("https://evil.example/teams/", "serviceurl-host-not-allowed")]
    [InlineData("https://smba.trafficmanager.net.evil.example/teams/", "serviceurl-host-not-allowed")]
    [InlineData("https://evil.smba.trafficmanager.net/teams/", "serviceurl-host-not-allowed")]
    [InlineData("https://user:pw@smba.trafficmanager.net/teams/", "serviceurl-malformed")]
    [InlineData("ftp://smba.trafficmanager.net/teams/", "serviceurl-not-https")]
    [InlineData("file:///teams/", "serviceurl-not-https")]
    [InlineData("teams/", "serviceurl-malformed")]
    [InlineData("", "serviceurl-malformed")]
    [InlineData("http://127.0.0.1:3978/_connector", "serviceurl-loopback-outside-development")]
    [InlineData("http://localhost:3978/_connector", "serviceurl-loopback-outside-development")]
    public void OtherServiceUrls_AreRefusedInProduction(string url, string reason) =>
        Assert.Equal(reason, ServiceUrlPolicies.For("Production").Check(url));

    [Theory]
    [InlineData("http://127.0.0.1:3978/_connector")]
    [InlineData("http://localhost:3978/_connector")]
    [InlineData("http://[::1]:3978/_connector")]
    public void LoopbackServiceUrls_AreAllowedInDevelopment(string url) =>
        Assert.Null(ServiceUrlPolicies.For("Development").Check(url));

    [Fact]
    public void DevelopmentStillRefusesPlainHttpToAnyOtherHost() =>
        Assert.Equal("serviceurl-not-https", ServiceUrlPolicies.For("Development").Check("http://smba.trafficmanager.net/teams/"));

    [Fact]
    public void ConfiguredHosts_ReplaceTheDefaults()
    {
        var options = new TeamsOptions();
        options.ServiceUrlHosts.Add("smba.example.net");
        var policy = ServiceUrlPolicies.For("Production", options);

        Assert.Null(policy.Check("https://smba.example.net/teams/"));
        Assert.Equal("serviceurl-host-not-allowed", policy.Check("https://smba.trafficmanager.net/teams/"));
    }

    [Fact]
    public async Task AStoredEndpointOnAHostNoLongerAllowed_IsNotTrusted()
    {
        using var store = new TempEndpointStore();
        await store.NewRegistry().RecordAsync("http://127.0.0.1:3978/_connector", null, "19:x@thread.tacv2", null, CancellationToken.None);

        var production = new ChatNetOps.Teams.Connector.ServiceUrlRegistry(store.Open(), ServiceUrlPolicies.For("Production"), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<ChatNetOps.Teams.Connector.ServiceUrlRegistry>.Instance);

        Assert.Null(await production.FindAsync("19:x@thread.tacv2", CancellationToken.None));
        Assert.False(production.IsTrusted(new Uri("http://127.0.0.1:3978/_connector/")));
    }
}
