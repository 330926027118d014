namespace ChatNetOps.ServiceBusStandIn;

using System.Collections.Concurrent;

/// <summary>The namespace: queues by name (case-insensitive, as Service Bus entity names are).</summary>
public sealed class StandInBroker
{
    private readonly ConcurrentDictionary<string, StandInQueue> _queues = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the queue, or returns the existing one of that name.</summary>
    public StandInQueue CreateQueue(string name, StandInQueueSettings? settings = null) =>
        _queues.GetOrAdd(name, n => new StandInQueue(n, settings ?? new StandInQueueSettings()));

    public StandInQueue? Find(string name) => _queues.TryGetValue(name, out var queue) ? queue : null;
}
