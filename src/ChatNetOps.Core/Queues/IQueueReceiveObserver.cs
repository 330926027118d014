namespace ChatNetOps.Core.Queues;

/// <summary>
/// Told how a consumer's receives go, so a queue that cannot be read is reported (/readyz) instead of looking idle.
/// <see cref="IMessageQueue{TMessage}.ConsumeAsync"/> calls it for every receive that answered and every one that failed.
/// </summary>
public interface IQueueReceiveObserver
{
    /// <summary>A receive answered, with a message or none.</summary>
    void Received();

    /// <summary>A receive failed; the consumer retries.</summary>
    void ReceiveFailed(Exception error);
}
