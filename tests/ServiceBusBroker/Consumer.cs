namespace ChatNetOps.ServiceBusBroker;

using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

/// <summary>
/// The broker's end of a client's receive link on a queue. PeekLock links (rcv-settle-mode second, which the SDK uses
/// for <c>ServiceBusReceiveMode.PeekLock</c>; AmqpConnectionScope.cs CreateReceivingLinkAsync) get each message under a
/// 16-byte GUID delivery tag, which the SDK reads as the lock token (AmqpMessageConverter.cs, TryParseGuidBytes).
/// Credit comes from the client's flow frames; the queue pumps when credit arrives and settles when a disposition does.
/// <para>
/// A flow with drain=true (the SDK drains a receiver's credit before closing it, AmqpReceiver.CloseAsync) is answered
/// as AMQP 1.0 section 2.6.7 asks: what is available is sent at once, inside the credit listener, then the link's credit
/// ends. azure-amqp's SendingAmqpLink.ProcessFlow then advances the delivery-count by the unused credit, sets the credit
/// to 0 and echoes a flow with drain=true. The consumer stops taking deliveries before the listener returns, so a pump
/// on another thread (the queue's timer) cannot hand the link a message in the moment before the library zeroes the
/// credit: that message would wait in the link, unsent, while the queue counted it delivered and locked.
/// </para>
/// </summary>
internal sealed class Consumer
{
    private readonly SendingAmqpLink _link;
    private readonly BrokerQueue _queue;
    private volatile bool _drained;

    public Consumer(SendingAmqpLink link, BrokerQueue queue)
    {
        _link = link;
        _queue = queue;
        link.RegisterCreditListener((_, drain, _) => OnCredit(drain));
        link.RegisterDispositionListener(OnDisposition);
        link.Closed += (_, _) => queue.RemoveConsumer(this);
        queue.AddConsumer(this);
    }

    /// <summary>
    /// The link's remaining credit as the AMQP layer counts it (deliveries already sent are subtracted), unless the client
    /// drained it. Read under the queue's lock.
    /// </summary>
    public bool HasCredit => !_drained && _link.State == AmqpObjectState.Opened && _link.LinkCredit > 0;

    public void Send(AmqpMessage message, Guid lockToken) =>
        _link.SendMessageNoWait(message, new ArraySegment<byte>(lockToken.ToByteArray()), AmqpConstants.NullBinary);

    private void OnCredit(bool drain)
    {
        _queue.Run(() => _drained = false);
        _queue.Pump();
        if (drain)
        {
            _queue.Run(() => _drained = true);
        }
    }

    private void OnDisposition(Delivery delivery)
    {
        var outcome = delivery.State as Outcome ?? new Rejected { Error = new Error { Condition = AmqpErrorCode.NotAllowed, Description = "Transactions are not supported." } };
        var result = delivery.DeliveryTag.Count == 16
            ? _queue.Settle(new Guid(delivery.DeliveryTag), outcome)
            : new Rejected { Error = Errors.LockLost(Guid.Empty) };
        _link.DisposeDelivery(delivery, true, result);
    }
}
