namespace ChatNetOps.ServiceBusStandIn;

/// <summary>
/// One queue and its dead-letter sub-queue, following the documented Service Bus semantics: peek-lock for the
/// entity's LockDuration, DeliveryCount incremented on every lock, a message whose DeliveryCount reached
/// MaxDeliveryCount moved to <c>$deadletterqueue</c> with DeadLetterReason <c>MaxDeliveryCountExceeded</c>, messages
/// past their TimeToLive dropped (or dead-lettered with <c>TTLExpiredException</c> when deadLetteringOnMessageExpiration
/// is on), and a MessageId seen within the duplicate detection window accepted and ignored.
/// </summary>
public sealed class StandInQueue
{
    private readonly Lock _gate = new();
    private readonly List<StandInMessage> _messages = [];
    private readonly Dictionary<string, DateTimeOffset> _seenIds = new(StringComparer.Ordinal);
    private readonly StandInQueue? _deadLetters;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sequence;

    public StandInQueue(string name, StandInQueueSettings settings, bool isDeadLetterQueue = false)
    {
        Name = name;
        Settings = settings;
        _deadLetters = isDeadLetterQueue ? null : new StandInQueue(name + "/$deadletterqueue", settings, isDeadLetterQueue: true);
    }

    public string Name { get; }

    public StandInQueueSettings Settings { get; }

    public StandInQueue DeadLetters => _deadLetters ?? throw new InvalidOperationException("A dead-letter queue has no dead-letter queue of its own.");

    private DateTimeOffset Now => Settings.Time.GetUtcNow();

    /// <summary>Completes when a message may have become available.</summary>
    public Task Arrived
    {
        get
        {
            lock (_gate)
            {
                return _arrived.Task;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _messages.Count;
            }
        }
    }

    /// <summary>Enqueues, unless the MessageId was seen within the duplicate detection window (then: accepted, ignored).</summary>
    public bool Send(string? messageId, byte[] body, string? contentType, string? correlationId, string? label, TimeSpan? timeToLive, DateTimeOffset? scheduledEnqueueTime, Dictionary<string, string> customProperties)
    {
        lock (_gate)
        {
            var now = Now;
            PurgeSeenIds(now);
            var id = string.IsNullOrEmpty(messageId) ? Guid.NewGuid().ToString("N") : messageId;
            if (_deadLetters is not null && _seenIds.ContainsKey(id))
            {
                return false;
            }

            _seenIds[id] = now;
            var ttl = timeToLive is { } t && t < Settings.DefaultMessageTimeToLive ? t : Settings.DefaultMessageTimeToLive;
            _messages.Add(new StandInMessage
            {
                SequenceNumber = ++_sequence,
                MessageId = id,
                Body = body,
                ContentType = contentType,
                CorrelationId = correlationId,
                Label = label,
                EnqueuedTime = now,
                VisibleFrom = scheduledEnqueueTime is { } at && at > now ? at : now,
                TimeToLive = ttl,
                ExpiresAt = now + ttl,
                CustomProperties = customProperties,
            });
            Signal();
            return true;
        }
    }

    /// <summary>Locks the next available message (peek-lock), or null.</summary>
    public StandInMessage? TryLock()
    {
        lock (_gate)
        {
            var now = Now;
            foreach (var message in _messages.OrderBy(m => m.SequenceNumber).ToList())
            {
                if (message.VisibleFrom > now || (message.LockToken is not null && message.LockedUntil > now))
                {
                    continue;
                }

                if (_deadLetters is not null && message.ExpiresAt <= now)
                {
                    _messages.Remove(message);
                    if (Settings.DeadLetteringOnMessageExpiration)
                    {
                        MoveToDeadLetters(message, "TTLExpiredException", "The message expired and was dead lettered.");
                    }

                    continue;
                }

                if (_deadLetters is not null && message.DeliveryCount >= Settings.MaxDeliveryCount)
                {
                    _messages.Remove(message);
                    MoveToDeadLetters(message, "MaxDeliveryCountExceeded", $"Message could not be consumed after {message.DeliveryCount} delivery attempts.");
                    continue;
                }

                message.DeliveryCount++;
                message.LockToken = Guid.NewGuid();
                message.LockedUntil = now + Settings.LockDuration;
                return message;
            }

            return null;
        }
    }

    /// <summary>Receive-and-delete: the next available message, removed.</summary>
    public StandInMessage? TryTake()
    {
        lock (_gate)
        {
            var message = TryLock();
            if (message is not null)
            {
                _messages.Remove(message);
            }

            return message;
        }
    }

    /// <summary>Complete (DELETE): true when the lock is live and matches.</summary>
    public bool Complete(string messageIdOrSequence, Guid lockToken)
    {
        lock (_gate)
        {
            var message = FindLocked(messageIdOrSequence, lockToken);
            if (message is null)
            {
                return false;
            }

            _messages.Remove(message);
            return true;
        }
    }

    /// <summary>Unlock (PUT): the message is available again at once, or dead-lettered when out of deliveries.</summary>
    public bool Unlock(string messageIdOrSequence, Guid lockToken)
    {
        lock (_gate)
        {
            var message = FindLocked(messageIdOrSequence, lockToken);
            if (message is null)
            {
                return false;
            }

            message.LockToken = null;
            message.LockedUntil = default;
            if (_deadLetters is not null && message.DeliveryCount >= Settings.MaxDeliveryCount)
            {
                _messages.Remove(message);
                MoveToDeadLetters(message, "MaxDeliveryCountExceeded", $"Message could not be consumed after {message.DeliveryCount} delivery attempts.");
            }

            Signal();
            return true;
        }
    }

    /// <summary>Renew lock (POST): extends the lock by LockDuration; null when the lock is lost.</summary>
    public StandInMessage? Renew(string messageIdOrSequence, Guid lockToken)
    {
        lock (_gate)
        {
            var message = FindLocked(messageIdOrSequence, lockToken);
            if (message is not null)
            {
                message.LockedUntil = Now + Settings.LockDuration;
            }

            return message;
        }
    }

    private StandInMessage? FindLocked(string messageIdOrSequence, Guid lockToken)
    {
        var now = Now;
        return _messages.FirstOrDefault(m =>
            m.LockToken == lockToken
            && m.LockedUntil > now
            && (m.MessageId == messageIdOrSequence || m.SequenceNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) == messageIdOrSequence));
    }

    private void MoveToDeadLetters(StandInMessage message, string reason, string description)
    {
        var properties = new Dictionary<string, string>(message.CustomProperties, StringComparer.OrdinalIgnoreCase)
        {
            ["DeadLetterReason"] = Quote(reason),
            ["DeadLetterErrorDescription"] = Quote(description),
        };
        DeadLetters.Accept(message, properties);
    }

    private void Accept(StandInMessage original, Dictionary<string, string> properties)
    {
        lock (_gate)
        {
            _messages.Add(new StandInMessage
            {
                SequenceNumber = ++_sequence,
                MessageId = original.MessageId,
                Body = original.Body,
                ContentType = original.ContentType,
                CorrelationId = original.CorrelationId,
                Label = original.Label,
                EnqueuedTime = original.EnqueuedTime,
                VisibleFrom = Now,
                TimeToLive = original.TimeToLive,
                ExpiresAt = DateTimeOffset.MaxValue,
                DeliveryCount = original.DeliveryCount,
                CustomProperties = properties,
            });
            Signal();
        }
    }

    private void Signal()
    {
        var arrived = _arrived;
        _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        arrived.TrySetResult();
    }

    private void PurgeSeenIds(DateTimeOffset now)
    {
        foreach (var (id, at) in _seenIds.ToList())
        {
            if (now - at > Settings.DuplicateDetectionWindow)
            {
                _seenIds.Remove(id);
            }
        }
    }

    private static string Quote(string value) => "\"" + value + "\"";
}
