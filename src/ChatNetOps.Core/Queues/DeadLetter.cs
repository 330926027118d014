namespace ChatNetOps.Core.Queues;

/// <param name="Reason">Why it was dead-lettered, named as Azure Service Bus names it (MaxDeliveryCountExceeded, TTLExpiredException) or as the consumer gave it.</param>
/// <param name="DeadLetteredAt">When it was dead-lettered (on Service Bus: when the message was enqueued, the time the service keeps).</param>
public sealed record DeadLetter<TMessage>(TMessage Message, string Reason, int DeliveryCount, DateTimeOffset DeadLetteredAt)
{
    public string? Description { get; init; }
}
