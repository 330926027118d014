namespace ChatNetOps.Azure.Tests.ServiceBus;

using ChatNetOps.Azure.ServiceBus;
using ChatNetOps.Azure.Tests.Infrastructure;
using ChatNetOps.ServiceBusStandIn;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>The Service Bus stand-in (tests/servicebus-stand-in) on 127.0.0.1 in this process; each test gets queues of its own.</summary>
public sealed class ServiceBusStandInFixture : IAsyncLifetime
{
    public static readonly TimeSpan LockDuration = TimeSpan.FromSeconds(30);

    private StandInServer? _server;

    public StandInServer Server => _server ?? throw new InvalidOperationException("Not started.");

    internal SingleHandlerHttpClientFactory HttpClients { get; } = new();

    internal StaticTokenCredential Credential { get; } = new();

    public async Task InitializeAsync() => _server = await StandInServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        HttpClients.Dispose();
    }

    public ServiceBusOptions Options(string jobs = "jobs", string results = "results") => new()
    {
        Endpoint = Server.Endpoint,
        JobsQueue = jobs,
        ResultsQueue = results,
        LockDuration = LockDuration,
    };

    /// <summary>A new queue on the stand-in whose clock is <paramref name="time"/>.</summary>
    public string NewQueue(TimeProvider time, int maxDeliveryCount)
    {
        var name = "q-" + Guid.NewGuid().ToString("N")[..12];
        Server.Broker.CreateQueue(name, new StandInQueueSettings { Time = time, MaxDeliveryCount = maxDeliveryCount, LockDuration = LockDuration });
        return name;
    }

    internal ServiceBusJobQueue JobQueue(string queue, TimeProvider time) =>
        new(HttpClients, new EntraServiceBusAuthorization(Credential, TimeProvider.System), Options(jobs: queue), queue, time, NullLogger<ServiceBusJobQueue>.Instance);

    internal ServiceBusResultQueue ResultQueue(string queue, TimeProvider time) =>
        new(HttpClients, new EntraServiceBusAuthorization(Credential, TimeProvider.System), Options(results: queue), queue, time, NullLogger<ServiceBusResultQueue>.Instance);
}
