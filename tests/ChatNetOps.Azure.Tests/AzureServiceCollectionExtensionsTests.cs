namespace ChatNetOps.Azure.Tests;

using ChatNetOps.Azure.Tests.Cosmos;
using ChatNetOps.Azure.Tests.Infrastructure;
using ChatNetOps.Core.Health;
using ChatNetOps.Core.Queues;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing;
using global::Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

/// <summary>The three registrations, bound from configuration as a host would, with /readyz probes.</summary>
[Collection(CosmosTestCollection.Name)]
public sealed class AzureServiceCollectionExtensionsTests(CosmosTestServer cosmos)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task CosmosAndServiceBus_FromConfiguration_StoreAQueueAndReportReady()
    {
        await using var broker = ServiceBusBroker.Broker.Start();
        broker.CreateQueue("jobs");
        broker.CreateQueue("results");
        await using var services = Build(new()
        {
            ["Cosmos:Endpoint"] = cosmos.Endpoint.AbsoluteUri,
            ["Cosmos:Database"] = "di" + Guid.NewGuid().ToString("N")[..8],
            ["Cosmos:Key"] = CosmosTestServer.Key,
            ["Cosmos:ConnectionMode"] = "Gateway",
            ["Cosmos:AcceptAnyServerCertificate"] = "true",
            ["ServiceBus:ConnectionString"] = broker.ConnectionString(),
        });

        var created = await services.GetRequiredService<IRequestStore>().CreateAsync(TestData.Request(), Ct);
        await services.GetRequiredService<IJobQueue>().EnqueueAsync(TestData.Job(requestId: created.Id), Ct);
        var lease = await services.GetRequiredService<IJobQueue>().ReceiveAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero, Ct);

        Assert.NotNull(lease);
        foreach (var probe in services.GetServices<IReadinessProbe>())
        {
            Assert.Null(await probe.CheckAsync(Ct));
        }

        Assert.Equal(["cosmos", "servicebus"], services.GetServices<IReadinessProbe>().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task CosmosStorage_RegistersACosmosImplementationOfEveryStoragePortInCore()
    {
        await using var services = Build(new()
        {
            ["Cosmos:Endpoint"] = cosmos.Endpoint.AbsoluteUri,
            ["Cosmos:Database"] = "di" + Guid.NewGuid().ToString("N")[..8],
            ["Cosmos:Key"] = CosmosTestServer.Key,
            ["Cosmos:ConnectionMode"] = "Gateway",
            ["Cosmos:AcceptAnyServerCertificate"] = "true",
        });
        var ports = typeof(IRequestStore).Assembly.GetExportedTypes()
            .Where(t => t.IsInterface && t.Name.StartsWith('I') && t.Name.EndsWith("Store", StringComparison.Ordinal))
            .ToList();

        Assert.Contains(typeof(ChatNetOps.Core.Channels.IConversationEndpointStore), ports);
        Assert.Contains(typeof(ChatNetOps.Core.Channels.IChatStateStore), ports);
        Assert.Contains(typeof(ChatNetOps.Core.Channels.IRequestCardStore), ports);
        Assert.All(ports, port => Assert.Equal(typeof(ChatNetOps.Azure.Cosmos.CosmosContainers).Assembly, services.GetRequiredService(port).GetType().Assembly));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, bool cosmos = true)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TokenCredential>(new StaticTokenCredential())
            .AddLogging();
        if (cosmos)
        {
            services.AddChatNetOpsCosmosStorage();
        }

        return services.AddChatNetOpsServiceBusQueues().BuildServiceProvider();
    }
}
