namespace ChatNetOps.ServiceBusBroker;

/// <summary>The disposition-status values of $management update-disposition (Azure.Messaging.ServiceBus src/Amqp/AmqpReceiver.cs).</summary>
internal enum Disposition
{
    Completed,
    Abandoned,
    DeadLettered,
    Deferred,
}
