namespace ChatNetOps.ServiceBusBroker;

using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

/// <summary>
/// The operations of an entity's <c>$management</c> node that the SDK uses for queues
/// (Azure.Messaging.ServiceBus src/Amqp/ManagementConstants.cs, AmqpReceiver.cs, AmqpSender.cs): the request's
/// application property <c>operation</c> names it, its body is an AMQP map; the response carries statusCode,
/// statusDescription and errorCondition, and a map body. Others answer 501.
/// </summary>
internal static class ManagementOperations
{
    private static readonly MapKey LockTokens = new("lock-tokens");
    private static readonly MapKey Expirations = new("expirations");
    private static readonly MapKey Messages = new("messages");
    private static readonly MapKey Message = new("message");
    private static readonly MapKey SequenceNumbers = new("sequence-numbers");
    private static readonly MapKey FromSequenceNumber = new("from-sequence-number");
    private static readonly MapKey MessageCount = new("message-count");
    private static readonly MapKey DispositionStatus = new("disposition-status");
    private static readonly MapKey DeadLetterReason = new("deadletter-reason");
    private static readonly MapKey DeadLetterDescription = new("deadletter-description");

    public static AmqpMessage Handle(BrokerQueue queue, AmqpMessage request)
    {
        var body = request.ValueBody?.Value as AmqpMap ?? [];
        return (request.ApplicationProperties.Map["operation"] as string) switch
        {
            "com.microsoft:renew-lock" => RenewLock(queue, body),
            "com.microsoft:schedule-message" => Schedule(queue, body),
            "com.microsoft:cancel-scheduled-message" => CancelScheduled(queue, body),
            "com.microsoft:peek-message" => Peek(queue, body),
            "com.microsoft:update-disposition" => UpdateDisposition(queue, body),
            var other => RequestResponseNode.Response(501, $"Operation '{other}' is not supported by this broker.", error: AmqpErrorCode.NotImplemented),
        };
    }

    /// <summary>renew-lock: lock-tokens uuid[] → expirations timestamp[]; 410 message-lock-lost when any is gone.</summary>
    private static AmqpMessage RenewLock(BrokerQueue queue, AmqpMap body)
    {
        var tokens = (Guid[])body[LockTokens];
        var expirations = new DateTime[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            if (queue.RenewLock(tokens[i]) is not { } until)
            {
                return RequestResponseNode.Response(410, Errors.LockLost(tokens[i]).Description, error: Errors.MessageLockLost);
            }

            expirations[i] = until.UtcDateTime;
        }

        return RequestResponseNode.Response(200, "OK", new AmqpMap { [Expirations] = expirations });
    }

    /// <summary>schedule-message: messages [{message: binary, message-id}] → sequence-numbers long[].</summary>
    private static AmqpMessage Schedule(BrokerQueue queue, AmqpMap body)
    {
        var numbers = new List<long>();
        foreach (AmqpMap entry in (List<object>)body[Messages])
        {
            var message = StoredMessage.Decode((ArraySegment<byte>)entry[Message]);
            var at = message.RequestedSchedule ?? queue.Settings.Time.GetUtcNow();
            numbers.Add(queue.Schedule(message, at));
        }

        return RequestResponseNode.Response(200, "OK", new AmqpMap { [SequenceNumbers] = numbers.ToArray() });
    }

    /// <summary>cancel-scheduled-message: sequence-numbers long[]; 404 for a number that is not scheduled.</summary>
    private static AmqpMessage CancelScheduled(BrokerQueue queue, AmqpMap body)
    {
        var missing = ((long[])body[SequenceNumbers]).Where(n => !queue.CancelScheduled(n)).ToList();
        return missing.Count == 0
            ? RequestResponseNode.Response(200, "OK")
            : RequestResponseNode.Response(404, $"No scheduled message with sequence number {string.Join(", ", missing)}.", error: new AmqpSymbol("com.microsoft:message-not-found"));
    }

    /// <summary>peek-message: from-sequence-number, message-count → messages [{message: binary}], or 204 when none.</summary>
    private static AmqpMessage Peek(BrokerQueue queue, AmqpMap body)
    {
        var from = Convert.ToInt64(body[FromSequenceNumber], System.Globalization.CultureInfo.InvariantCulture);
        var count = Convert.ToInt32(body[MessageCount], System.Globalization.CultureInfo.InvariantCulture);
        var peeked = queue.Peek(from, count);
        if (peeked.Count == 0)
        {
            return RequestResponseNode.Response(204, "No messages to peek.");
        }

        var list = peeked.Select(m => (object)new AmqpMap { [Message] = m.Encode() }).ToList();
        return RequestResponseNode.Response(200, "OK", new AmqpMap { [Messages] = list });
    }

    /// <summary>update-disposition: lock-tokens, disposition-status (completed | abandoned | suspended), dead-letter reason and description.</summary>
    private static AmqpMessage UpdateDisposition(BrokerQueue queue, AmqpMap body)
    {
        var disposition = (body[DispositionStatus] as string) switch
        {
            "completed" => Disposition.Completed,
            "abandoned" => Disposition.Abandoned,
            "suspended" => Disposition.DeadLettered,
            _ => Disposition.Deferred,
        };
        foreach (var token in (Guid[])body[LockTokens])
        {
            if (queue.Settle(token, disposition, body[DeadLetterReason] as string, body[DeadLetterDescription] as string) is { } error)
            {
                var status = error.Condition.Equals(Errors.MessageLockLost) ? 410 : 501;
                return RequestResponseNode.Response(status, error.Description, error: error.Condition);
            }
        }

        return RequestResponseNode.Response(200, "OK");
    }
}
