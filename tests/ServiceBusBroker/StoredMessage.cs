namespace ChatNetOps.ServiceBusBroker;

using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

/// <summary>
/// One message as a queue keeps it: the bare message the sender sent (properties, application properties, message
/// annotations, body) and the broker's state (sequence number, enqueue time, expiry, lock, delivery count).
/// <see cref="ToAmqpMessage"/> builds a fresh AMQP message per delivery with the annotations the SDK reads
/// (Azure.Messaging.ServiceBus src/Amqp/AmqpMessageConstants.cs, AmqpMessageConverter.cs).
/// </summary>
internal sealed class StoredMessage
{
    private readonly Properties _properties;
    private readonly List<KeyValuePair<MapKey, object>> _applicationProperties;
    private readonly List<KeyValuePair<MapKey, object>> _annotations;
    private readonly List<byte[]>? _data;
    private readonly object? _value;
    private readonly uint? _ttl;

    private StoredMessage(AmqpMessage message)
    {
        _properties = Copy(message.Properties);
        _applicationProperties = [.. message.ApplicationProperties?.Map ?? []];
        _annotations = [.. (message.MessageAnnotations?.Map ?? []).Where(a => !a.Key.ToString().StartsWith("x-opt-", StringComparison.Ordinal) || IsSenderAnnotation(a.Key))];
        if ((message.BodyType & SectionFlag.Data) != 0)
        {
            _data = [.. message.DataBody.Select(d => d.Value is ArraySegment<byte> s ? s.ToArray() : [])];
        }
        else if ((message.BodyType & SectionFlag.AmqpValue) != 0)
        {
            _value = message.ValueBody.Value;
        }

        _ttl = message.Header?.Ttl;
    }

    public string? MessageId => _properties.MessageId?.ToString();

    public TimeSpan? TimeToLive => _ttl is { } ms and > 0 ? TimeSpan.FromMilliseconds(ms) : null;

    /// <summary>x-opt-scheduled-enqueue-time as the sender set it (AmqpMessageExtensions.cs, ScheduledEnqueueTime).</summary>
    public DateTimeOffset? RequestedSchedule =>
        _annotations.FirstOrDefault(a => a.Key.ToString() == Annotations.ScheduledEnqueueTime).Value is DateTime t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;

    public long SequenceNumber { get; set; }

    public DateTimeOffset EnqueuedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; } = DateTimeOffset.MaxValue;

    public DateTimeOffset? ScheduledAt { get; set; }

    /// <summary>Deliveries so far (a receive with a lock counts, a peek does not).</summary>
    public int DeliveryCount { get; set; }

    public Guid? LockToken { get; set; }

    public DateTimeOffset LockedUntil { get; set; }

    public string? DeadLetterSource { get; set; }

    public string? DeadLetterReason { get; set; }

    public string? DeadLetterDescription { get; set; }

    public static StoredMessage From(AmqpMessage message) => new(message);

    /// <summary>A message encoded by the client as one binary (schedule-message carries them so; AmqpSender.cs).</summary>
    public static StoredMessage Decode(ArraySegment<byte> encoded)
    {
        using var message = AmqpMessage.CreateAmqpStreamMessage(new BufferListStream([encoded]), true);
        return new StoredMessage(message);
    }

    /// <summary>A copy for the dead-letter queue, with the reason and description as application properties.</summary>
    public StoredMessage DeadLettered(string source, string reason, string? description)
    {
        var copy = (StoredMessage)MemberwiseClone();
        copy.LockToken = null;
        copy.DeadLetterSource = source;
        copy.DeadLetterReason = reason;
        copy.DeadLetterDescription = description;
        copy.ExpiresAt = DateTimeOffset.MaxValue;
        return copy;
    }

    /// <summary>
    /// The message as delivered: header.delivery-count is the number of earlier deliveries (the SDK adds one for a
    /// received message and not for a peeked one; AmqpMessageConverter.AmqpMessageToSBReceivedMessage).
    /// </summary>
    public AmqpMessage ToAmqpMessage(bool peeked)
    {
        var message = _data is not null
            ? AmqpMessage.Create(_data.Select(b => new Data { Value = new ArraySegment<byte>(b) }))
            : _value is not null ? AmqpMessage.Create(new AmqpValue { Value = _value }) : AmqpMessage.Create();
        message.Header.Ttl = _ttl;
        message.Header.DeliveryCount = (uint)Math.Max(0, peeked ? DeliveryCount : DeliveryCount - 1);
        var p = message.Properties;
        p.MessageId = _properties.MessageId;
        p.UserId = _properties.UserId;
        p.To = _properties.To;
        p.Subject = _properties.Subject;
        p.ReplyTo = _properties.ReplyTo;
        p.CorrelationId = _properties.CorrelationId;
        p.ContentType = _properties.ContentType;
        p.ContentEncoding = _properties.ContentEncoding;
        p.AbsoluteExpiryTime = _properties.AbsoluteExpiryTime;
        p.CreationTime = _properties.CreationTime;
        p.GroupId = _properties.GroupId;
        p.GroupSequence = _properties.GroupSequence;
        p.ReplyToGroupId = _properties.ReplyToGroupId;
        foreach (var (key, value) in _applicationProperties)
        {
            message.ApplicationProperties.Map[key] = value;
        }

        if (DeadLetterReason is not null)
        {
            message.ApplicationProperties.Map["DeadLetterReason"] = DeadLetterReason;
            message.ApplicationProperties.Map["DeadLetterErrorDescription"] = DeadLetterDescription ?? string.Empty;
        }

        foreach (var (key, value) in _annotations)
        {
            message.MessageAnnotations.Map[key] = value;
        }

        var annotations = message.MessageAnnotations.Map;
        annotations[Annotations.SequenceNumber] = SequenceNumber;
        annotations[Annotations.EnqueuedTime] = EnqueuedAt.UtcDateTime;
        annotations[Annotations.MessageState] = 0;
        if (!peeked && LockToken is not null)
        {
            annotations[Annotations.LockedUntil] = LockedUntil.UtcDateTime;
        }

        if (ScheduledAt is { } scheduled)
        {
            annotations[Annotations.ScheduledEnqueueTime] = scheduled.UtcDateTime;
        }

        if (DeadLetterSource is not null)
        {
            annotations[Annotations.DeadLetterSource] = DeadLetterSource;
        }

        return message;
    }

    /// <summary>The message encoded as one AMQP binary, as peek-message returns it (AmqpReceiver.cs, PeekMessagesInternalAsync).</summary>
    public ArraySegment<byte> Encode()
    {
        using var message = ToAmqpMessage(peeked: true);
        var bytes = new List<byte>();
        foreach (var segment in message.GetPayload())
        {
            bytes.AddRange(segment);
        }

        return new ArraySegment<byte>([.. bytes]);
    }

    private static bool IsSenderAnnotation(MapKey key) =>
        key.ToString() is Annotations.ScheduledEnqueueTime or Annotations.PartitionKey or "x-opt-via-partition-key";

    private static Properties Copy(Properties? source) => source is null ? new Properties() : new Properties
    {
        MessageId = source.MessageId,
        UserId = source.UserId,
        To = source.To,
        Subject = source.Subject,
        ReplyTo = source.ReplyTo,
        CorrelationId = source.CorrelationId,
        ContentType = source.ContentType,
        ContentEncoding = source.ContentEncoding,
        AbsoluteExpiryTime = source.AbsoluteExpiryTime,
        CreationTime = source.CreationTime,
        GroupId = source.GroupId,
        GroupSequence = source.GroupSequence,
        ReplyToGroupId = source.ReplyToGroupId,
    };

    /// <summary>Message annotation names (Azure.Messaging.ServiceBus src/Amqp/AmqpMessageConstants.cs).</summary>
    internal static class Annotations
    {
        public const string SequenceNumber = "x-opt-sequence-number";
        public const string EnqueuedTime = "x-opt-enqueued-time";
        public const string LockedUntil = "x-opt-locked-until";
        public const string ScheduledEnqueueTime = "x-opt-scheduled-enqueue-time";
        public const string DeadLetterSource = "x-opt-deadletter-source";
        public const string MessageState = "x-opt-message-state";
        public const string PartitionKey = "x-opt-partition-key";
    }
}
