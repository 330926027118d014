namespace ChatNetOps.Azure.Tests.ServiceBus;

using System.Collections.Concurrent;
using ChatNetOps.Azure.ServiceBus;
using global::Azure.Messaging.ServiceBus.Administration;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>
/// The live lane: when <c>ChatNetOps__Tests__ServiceBusConnectionString</c> holds a namespace-level connection string
/// with the Manage right (a real namespace, or the Service Bus emulator's, with <c>;UseDevelopmentEmulator=true</c>),
/// the queue contract suite also runs against it, each test on a queue of its own created with the entity settings
/// infra uses (lock 30 s for the suite, duplicate detection, dead-lettering on expiry) and deleted afterwards. Queues
/// are created with ServiceBusAdministrationClient; for the emulator point
/// <c>ChatNetOps__Tests__ServiceBusAdministrationConnectionString</c> at its management port (5300). Unset, every live
/// test is reported skipped.
/// </summary>
public sealed class LiveServiceBusFixture : IAsyncLifetime
{
    public const string ConnectionStringVariable = "ChatNetOps__Tests__ServiceBusConnectionString";
    public const string AdministrationVariable = "ChatNetOps__Tests__ServiceBusAdministrationConnectionString";

    private readonly ConcurrentBag<string> _created = [];
    private ServiceBusAdministrationClient? _administration;
    private ServiceBusClients? _clients;

    public string? ConnectionString { get; } = Environment.GetEnvironmentVariable(ConnectionStringVariable);

    public Task InitializeAsync()
    {
        if (ConnectionString is not null)
        {
            _administration = new ServiceBusAdministrationClient(Environment.GetEnvironmentVariable(AdministrationVariable) ?? ConnectionString);
            _clients = new ServiceBusClients(new ServiceBusOptions { ConnectionString = ConnectionString }, null, TimeProvider.System, NullLogger.Instance);
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var queue in _created)
        {
            await _administration!.DeleteQueueAsync(queue);
        }

        if (_clients is not null)
        {
            await _clients.DisposeAsync();
        }
    }

    /// <summary>A new queue on the live namespace; skips the test when no namespace is configured.</summary>
    public async Task<string> NewQueueAsync(int maxDeliveryCount)
    {
        Skip.If(_administration is null, $"{ConnectionStringVariable} is not set: the live Service Bus lane is skipped.");
        var name = "chatnetops-contract-" + Guid.NewGuid().ToString("N")[..10];
        await _administration.CreateQueueAsync(new CreateQueueOptions(name)
        {
            LockDuration = ServiceBusBrokerFixture.LockDuration,
            MaxDeliveryCount = maxDeliveryCount,
            RequiresDuplicateDetection = true,
            DuplicateDetectionHistoryTimeWindow = TimeSpan.FromMinutes(10),
            DeadLetteringOnMessageExpiration = true,
            AutoDeleteOnIdle = TimeSpan.FromHours(1),
        });
        _created.Add(name);
        return name;
    }

    internal ServiceBusJobQueue JobQueue(string queue, TimeProvider time) => new(_clients!, queue, time, NullLogger<ServiceBusJobQueue>.Instance);

    internal ServiceBusResultQueue ResultQueue(string queue, TimeProvider time) => new(_clients!, queue, time, NullLogger<ServiceBusResultQueue>.Instance);

    internal ServiceBusChatWorkQueue ChatWorkQueue(string queue, TimeProvider time) => new(_clients!, queue, time, NullLogger<ServiceBusChatWorkQueue>.Instance);
}
