namespace ChatNetOps.Azure.Tests.ServiceBus;

using ChatNetOps.Azure.ServiceBus;
using ChatNetOps.ServiceBusBroker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>
/// The Service Bus-shaped AMQP broker (tests/ServiceBusBroker) on 127.0.0.1 in this process, and one SDK client (one
/// AMQP connection, SAS connection string) for the collection; each test gets queues of its own on its own clock.
/// </summary>
public sealed class ServiceBusBrokerFixture : IAsyncLifetime
{
    public static readonly TimeSpan LockDuration = TimeSpan.FromSeconds(30);

    private Broker? _broker;
    private ServiceBusClients? _clients;

    public Broker Broker => _broker ?? throw new InvalidOperationException("Not started.");

    internal ServiceBusClients Clients => _clients ?? throw new InvalidOperationException("Not started.");

    public Task InitializeAsync()
    {
        _broker = Broker.Start();
        _clients = new ServiceBusClients(Options(), null, TimeProvider.System, NullLogger.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_clients is not null)
        {
            await _clients.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    public ServiceBusOptions Options(string jobs = "jobs", string results = "results") => new()
    {
        ConnectionString = Broker.ConnectionString(),
        JobsQueue = jobs,
        ResultsQueue = results,
    };

    /// <summary>A new queue on the broker whose clock is <paramref name="time"/>.</summary>
    public string NewQueue(TimeProvider time, int maxDeliveryCount = 10, TimeSpan? lockDuration = null)
    {
        var name = "q-" + Guid.NewGuid().ToString("N")[..12];
        Broker.CreateQueue(name, new QueueSettings { Time = time, MaxDeliveryCount = maxDeliveryCount, LockDuration = lockDuration ?? LockDuration });
        return name;
    }

    internal ServiceBusJobQueue JobQueue(string queue, TimeProvider time) => new(Clients, queue, time, NullLogger<ServiceBusJobQueue>.Instance);

    internal ServiceBusResultQueue ResultQueue(string queue, TimeProvider time) => new(Clients, queue, time, NullLogger<ServiceBusResultQueue>.Instance);

    internal ServiceBusChatWorkQueue ChatWorkQueue(string queue, TimeProvider time, ILogger<ServiceBusChatWorkQueue>? logger = null) =>
        new(Clients, queue, time, logger ?? NullLogger<ServiceBusChatWorkQueue>.Instance);
}
