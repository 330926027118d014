namespace ChatNetOps.Core.Queues;

public sealed record DeadLetter<TMessage>(TMessage Message, string Reason, int DeliveryCount, DateTimeOffset DeadLetteredAt);
