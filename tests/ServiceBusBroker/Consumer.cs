namespace ChatNetOps.ServiceBusBroker;

using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

/// <summary>
/// The broker's end of a client's receive link on a queue. PeekLock links (rcv-settle-mode second, which the SDK uses
/// for <c>ServiceBusReceiveMode.PeekLock</c>; AmqpConnectionScope.cs CreateReceivingLinkAsync) get each message under a
/// 16-byte GUID delivery tag, which the SDK reads as the lock token (AmqpMessageConverter.cs, TryParseGuidBytes).
/// Credit comes from the client's flow frames; the queue pumps when credit arrives and settles when a disposition does.
/// </summary>
internal sealed class Consumer
{
    private readonly SendingAmqpLink _link;
    private readonly BrokerQueue _queue;

    public Consumer(SendingAmqpLink link, BrokerQueue queue)
    {
        _link = link;
        _queue = queue;
        link.RegisterCreditListener((_, _, _) => queue.Pump());
        link.RegisterDispositionListener(OnDisposition);
        link.Closed += (_, _) => queue.RemoveConsumer(this);
        queue.AddConsumer(this);
    }

    /// <summary>The link's remaining credit as the AMQP layer counts it (deliveries already sent are subtracted).</summary>
    public bool HasCredit => _link.State == AmqpObjectState.Opened && _link.LinkCredit > 0;

    public void Send(AmqpMessage message, Guid lockToken) =>
        _link.SendMessageNoWait(message, new ArraySegment<byte>(lockToken.ToByteArray()), AmqpConstants.NullBinary);

    private void OnDisposition(Delivery delivery)
    {
        var outcome = delivery.State as Outcome ?? new Rejected { Error = new Error { Condition = AmqpErrorCode.NotAllowed, Description = "Transactions are not supported." } };
        var result = delivery.DeliveryTag.Count == 16
            ? _queue.Settle(new Guid(delivery.DeliveryTag), outcome)
            : new Rejected { Error = Errors.LockLost(Guid.Empty) };
        _link.DisposeDelivery(delivery, true, result);
    }
}
