namespace ChatNetOps.Azure.ServiceBus;

using System.Collections.Concurrent;
using global::Azure.Core;
using global::Azure.Identity;
using global::Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;

/// <summary>
/// The process's one <see cref="ServiceBusClient"/> (one AMQP connection), its senders, and the processors consuming
/// through it. Identity: a SAS connection string when configured; otherwise the host's registered
/// <see cref="TokenCredential"/>, else <see cref="ManagedIdentityCredential"/> with the configured client id (in Azure),
/// else <see cref="DefaultAzureCredential"/> (local development; learn.microsoft.com/dotnet/azure/sdk/authentication/best-practices).
/// </summary>
internal sealed class ServiceBusClients : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ServiceBusSender> _senders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConsumerState> _consumers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, QueueState> _queues = new(StringComparer.Ordinal);

    /// <param name="customize">Adjusts the SDK's options before the client is made (tests point a TLS connection at a local broker).</param>
    public ServiceBusClients(ServiceBusOptions options, TokenCredential? registered, TimeProvider time, ILogger logger, Action<ServiceBusClientOptions>? customize = null)
    {
        Options = options;
        Time = time;
        var clientOptions = new ServiceBusClientOptions
        {
            TransportType = ServiceBusTransportType.AmqpTcp,
            RetryOptions = new ServiceBusRetryOptions { TryTimeout = options.TryTimeout },
        };
        customize?.Invoke(clientOptions);
        if (options.UsesConnectionString)
        {
            var properties = ServiceBusConnectionStringProperties.Parse(options.ConnectionString);
            Namespace = properties.Endpoint.Host;
            Client = new ServiceBusClient(options.ConnectionString, clientOptions);
            var keyName = properties.SharedAccessKeyName ?? "shared access signature";
            var emulator = options.ConnectionString!.Contains("UseDevelopmentEmulator=true", StringComparison.OrdinalIgnoreCase) ? ", development emulator" : string.Empty;
            var sas = $"SAS ({keyName}){emulator}";
            Log.ServiceBusIdentity(logger, Namespace, sas);
            return;
        }

        Namespace = options.Endpoint!.Host;
        TokenCredential credential;
        string identity;
        if (registered is not null)
        {
            (credential, identity) = (registered, registered.GetType().Name);
        }
        else if (!string.IsNullOrWhiteSpace(options.ManagedIdentityClientId))
        {
            credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));
            identity = $"managed identity {options.ManagedIdentityClientId}";
        }
        else
        {
            (credential, identity) = (new DefaultAzureCredential(), nameof(DefaultAzureCredential));
        }

        Client = new ServiceBusClient(Namespace, credential, clientOptions);
        Log.ServiceBusIdentity(logger, Namespace, identity);
    }

    public ServiceBusOptions Options { get; }

    public TimeProvider Time { get; }

    public string Namespace { get; }

    public ServiceBusClient Client { get; }

    public ServiceBusSender Sender(string queue) => _senders.GetOrAdd(queue, q => Client.CreateSender(q));

    /// <summary>The queues this process has made a queue for (readiness checks each), in name order.</summary>
    public IReadOnlyList<string> OpenQueues => [.. _queues.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Records that this process uses <paramref name="queue"/>; its receive errors are kept for readiness.</summary>
    public QueueState Open(string queue) => _queues.GetOrAdd(queue, _ => new QueueState());

    /// <summary>What this process last saw receiving from <paramref name="queue"/> with a receiver, if it uses it.</summary>
    public QueueState? Queue(string queue) => _queues.GetValueOrDefault(queue);

    /// <summary>The processor consuming <paramref name="queue"/> in this process, if any (readiness).</summary>
    public ConsumerState? Consumer(string queue) => _consumers.GetValueOrDefault(queue);

    public ConsumerState AddConsumer(string queue, ServiceBusProcessor processor)
    {
        var state = new ConsumerState(processor);
        if (!_consumers.TryAdd(queue, state))
        {
            throw new InvalidOperationException($"Queue '{queue}' already has a consumer in this process; consume each queue once.");
        }

        return state;
    }

    public void RemoveConsumer(string queue) => _consumers.TryRemove(queue, out _);

    public async ValueTask DisposeAsync()
    {
        foreach (var sender in _senders.Values)
        {
            await sender.DisposeAsync();
        }

        await Client.DisposeAsync();
    }

    /// <summary>
    /// A queue this process uses and the last error of a receive call on it (a receiver, not a processor), cleared by the
    /// next receive that answers.
    /// </summary>
    internal sealed class QueueState
    {
        private ReceiveError? _lastReceiveError;

        public ReceiveError? LastReceiveError => Volatile.Read(ref _lastReceiveError);

        public void ReceiveSucceeded() => Volatile.Write(ref _lastReceiveError, null);

        public void ReceiveFailed(Exception error, DateTimeOffset at) => Volatile.Write(ref _lastReceiveError, new ReceiveError(error, at));
    }

    internal sealed record ReceiveError(Exception Error, DateTimeOffset At);

    /// <summary>A running processor and the last error it reported.</summary>
    internal sealed class ConsumerState(ServiceBusProcessor processor)
    {
        public ServiceBusProcessor Processor { get; } = processor;

        public ServiceBusException? LastError { get; set; }

        public DateTimeOffset LastErrorAt { get; set; }
    }
}
