namespace ChatNetOps.Azure.Tests.Cosmos;

using System.Security.Authentication;
using ChatNetOps.Azure.Cosmos;
using ChatNetOps.Azure.Tests.Infrastructure;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

/// <summary>
/// Cosmos:ConnectionMode (Direct by default, or Gateway) is chosen on its own, not implied by
/// Cosmos:AcceptAnyServerCertificate: the Linux emulator and the test server need Gateway mode with a certificate the
/// client validates. (The positive case, Gateway with a trusted certificate, runs in ChatNetOps.ScaleOut.Tests: its
/// worker processes trust the test server's CA and validate its certificate.)
/// </summary>
[Collection(CosmosTestCollection.Name)]
public sealed class CosmosConnectionModeTests(CosmosTestServer server)
{
    [Fact]
    public void Defaults_DirectMode_WithCertificateValidation()
    {
        var options = CosmosClientFactory.ClientOptions(Bind([]));

        Assert.Equal(ConnectionMode.Direct, options.ConnectionMode);
        Assert.False(options.LimitToEndpoint);
        Assert.Null(options.ServerCertificateCustomValidationCallback);
    }

    [Fact]
    public void Gateway_WithoutAcceptAnyServerCertificate_KeepsCertificateValidation()
    {
        var options = CosmosClientFactory.ClientOptions(Bind(new() { ["Cosmos:ConnectionMode"] = "Gateway" }));

        Assert.Equal(ConnectionMode.Gateway, options.ConnectionMode);
        Assert.Null(options.ServerCertificateCustomValidationCallback);
        Assert.Null(options.HttpClientFactory);
    }

    [Fact]
    public void AcceptAnyServerCertificate_KeepsTheConfiguredMode_AndCoversBothModes()
    {
        var options = CosmosClientFactory.ClientOptions(Bind(new() { ["Cosmos:AcceptAnyServerCertificate"] = "true" }));

        Assert.Equal(ConnectionMode.Direct, options.ConnectionMode);
        Assert.NotNull(options.ServerCertificateCustomValidationCallback);
        Assert.False(options.LimitToEndpoint);
    }

    [Fact]
    public void LimitToEndpoint_IsItsOwnSetting()
    {
        var options = CosmosClientFactory.ClientOptions(Bind(new() { ["Cosmos:ConnectionMode"] = "Gateway", ["Cosmos:LimitToEndpoint"] = "true" }));

        Assert.True(options.LimitToEndpoint);
        Assert.Null(options.ServerCertificateCustomValidationCallback);
    }

    [Theory]
    [InlineData("Gatway")]
    [InlineData("7")]
    public void UnknownConnectionMode_FailsNamingTheSetting(string value)
    {
        var error = Assert.ThrowsAny<Exception>(() => Bind(new() { ["Cosmos:ConnectionMode"] = value }));

        Assert.Contains("Cosmos:ConnectionMode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_AgainstACertificateThisProcessDoesNotTrust_IsRefused()
    {
        var options = CosmosTestServer.OptionsFor(server.Endpoint, "unused");
        options.AcceptAnyServerCertificate = false;
        options.ConnectionMode = ConnectionMode.Gateway;
        using var client = CosmosClientFactory.Create(options, new StaticTokenCredential(), NullLogger.Instance);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.ReadAccountAsync());

        Assert.Contains(Chain(error), e => e is AuthenticationException);
    }

    [Fact]
    public async Task Gateway_AcceptingAnyCertificate_ReadsTheAccount()
    {
        using var client = CosmosClientFactory.Create(CosmosTestServer.OptionsFor(server.Endpoint, "unused"), new StaticTokenCredential(), NullLogger.Instance);

        var account = await client.ReadAccountAsync();

        Assert.Equal(ConnectionMode.Gateway, client.ClientOptions.ConnectionMode);
        Assert.Contains(account.WritableRegions, region => new Uri(region.Endpoint).Port == server.Endpoint.Port);
    }

    private static CosmosOptions Bind(Dictionary<string, string?> settings)
    {
        settings.TryAdd("Cosmos:Endpoint", "https://contoso-chatnetops.documents.azure.com:443/");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddChatNetOpsCosmosStorage()
            .BuildServiceProvider();
        return services.GetRequiredService<IOptions<CosmosOptions>>().Value;
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
