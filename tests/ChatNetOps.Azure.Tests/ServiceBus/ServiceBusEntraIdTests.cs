namespace ChatNetOps.Azure.Tests.ServiceBus;

using ChatNetOps.Azure.ServiceBus;
using ChatNetOps.Azure.Tests.Infrastructure;
using ChatNetOps.Testing;
using global::Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>
/// The Entra ID path as a managed identity takes it: a TokenCredential's bearer token put on <c>$cbs</c> as type
/// <c>jwt</c> (Azure.Messaging.ServiceBus src/Amqp/CbsTokenProvider.cs), which the SDK sends only over TLS, here to the
/// broker's TLS port with its self-signed certificate pinned.
/// </summary>
[Collection(ServiceBusTestCollection.Name)]
public sealed class ServiceBusEntraIdTests(ServiceBusBrokerFixture fixture)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task TokenCredential_ItsTokenAuthorizesSendAndReceive()
    {
        fixture.Broker.AcceptedJwt = "entra-token-for-the-broker";
        await using var clients = Clients(new StaticTokenCredential("entra-token-for-the-broker"));
        var queue = new ServiceBusJobQueue(clients, fixture.NewQueue(TimeProvider.System), TimeProvider.System, NullLogger<ServiceBusJobQueue>.Instance);

        await queue.EnqueueAsync(TestData.Job("JOB-ENTRA"), Ct);
        var lease = await queue.ReceiveAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), Ct);

        Assert.Equal("JOB-ENTRA", lease?.Message.JobId);
        Assert.True(await queue.CompleteAsync(lease!, Ct));
    }

    [Fact]
    public async Task TokenCredential_ATokenTheBrokerDidNotIssue_IsRefused()
    {
        fixture.Broker.AcceptedJwt = "entra-token-for-the-broker";
        await using var clients = Clients(new StaticTokenCredential("someone-elses-token"));
        var queue = new ServiceBusJobQueue(clients, fixture.NewQueue(TimeProvider.System), TimeProvider.System, NullLogger<ServiceBusJobQueue>.Instance);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => queue.EnqueueAsync(TestData.Job(), Ct));
    }

    [Theory]
    [InlineData("2c1b8a4e-0000-4000-8000-00000000c11d", "managed identity 2c1b8a4e-0000-4000-8000-00000000c11d")]
    [InlineData(null, "DefaultAzureCredential")]
    public async Task WithoutARegisteredCredential_TheConfiguredManagedIdentityIsUsed_ElseDefaultAzureCredential(string? clientId, string identity)
    {
        var logger = new CollectingLogger<ServiceBusClients>();

        await using var clients = new ServiceBusClients(new ServiceBusOptions { Endpoint = new Uri("https://contoso.servicebus.windows.net/"), ManagedIdentityClientId = clientId }, null, TimeProvider.System, logger);

        Assert.Contains(logger.Entries, e => e.Message == $"Service Bus namespace contoso.servicebus.windows.net uses {identity}");
    }

    private ServiceBusClients Clients(StaticTokenCredential credential) => new(
        new ServiceBusOptions { Endpoint = new Uri("https://127.0.0.1/"), TryTimeout = TimeSpan.FromSeconds(10) },
        credential,
        TimeProvider.System,
        NullLogger.Instance,
        o =>
        {
            o.CustomEndpointAddress = fixture.Broker.TlsEndpoint;
            o.CertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == fixture.Broker.Certificate.Thumbprint;
            o.RetryOptions = new ServiceBusRetryOptions { MaxRetries = 0, TryTimeout = TimeSpan.FromSeconds(10) };
        });
}
