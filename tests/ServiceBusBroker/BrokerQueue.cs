namespace ChatNetOps.ServiceBusBroker;

using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

/// <summary>
/// One Service Bus queue (or its dead-letter sub-queue) with peek-lock semantics as documented in
/// learn.microsoft.com/azure/service-bus-messaging/message-transfers-locks-settlement:
/// a delivery locks the message for the entity's LockDuration under a new 16-byte lock token (the delivery tag);
/// an expired lock makes the message available again; abandon (Modified) unlocks it; a message delivered
/// MaxDeliveryCount times is dead-lettered with reason MaxDeliveryCountExceeded
/// (service-bus-dead-letter-queues#maximum-delivery-count); expired messages are dead-lettered with
/// TTLExpiredException when a receiver reaches them (message-expiration); sends whose MessageId was seen within the
/// duplicate detection window are accepted and dropped (duplicate-detection); scheduled messages become available
/// at their time (message-sequencing#scheduled-messages). A lock's expiry is kept in whole milliseconds, the precision
/// of the x-opt-locked-until timestamp the receiver is told, so the lock the broker enforces is exactly the one it
/// announces. All state is guarded by one lock; deliveries are handed to the links inside it so credit is never over-spent.
/// </summary>
public sealed class BrokerQueue : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, StoredMessage> _available = [];
    private readonly Dictionary<Guid, StoredMessage> _locked = [];
    private readonly PriorityQueue<StoredMessage, DateTimeOffset> _lockExpiries = new();
    private readonly SortedDictionary<long, StoredMessage> _scheduled = [];
    private readonly Dictionary<string, DateTimeOffset> _seenIds = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, DateTimeOffset At)> _seenOrder = new();
    private readonly List<Consumer> _consumers = [];
    private readonly Dictionary<Guid, TaskCompletionSource> _lockWaiters = [];
    private readonly ITimer _timer;
    private long _nextSequence;
    private int _nextConsumer;

    internal BrokerQueue(string name, QueueSettings settings, bool isDeadLetterQueue)
    {
        Name = name;
        Settings = settings;
        DeadLetterQueue = isDeadLetterQueue
            ? null
            : new BrokerQueue(name + "/$DeadLetterQueue", settings with { DuplicateDetectionWindow = null, DeadLetteringOnExpiration = false, MaxDeliveryCount = int.MaxValue }, isDeadLetterQueue: true);

        // Lock expiry and scheduled messages need no client action, so a timer pumps the queue (on the queue's clock).
        var period = settings.Time == TimeProvider.System ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1);
        _timer = settings.Time.CreateTimer(_ => Pump(), null, period, period);
    }

    /// <summary>The entity path, e.g. <c>jobs</c> or <c>jobs/$DeadLetterQueue</c>.</summary>
    public string Name { get; }

    public QueueSettings Settings { get; }

    /// <summary>The <c>$DeadLetterQueue</c> sub-queue; null for a dead-letter queue itself.</summary>
    public BrokerQueue? DeadLetterQueue { get; }

    /// <summary>Messages available or locked (not scheduled ones), as the entity's ActiveMessageCount.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _available.Count + _locked.Count;
            }
        }
    }

    public int ScheduledCount
    {
        get
        {
            lock (_gate)
            {
                return _scheduled.Count;
            }
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        DeadLetterQueue?.Dispose();
    }

    /// <summary>Stores a sent message; false when it was a duplicate and dropped (still Accepted, as Service Bus does).</summary>
    internal bool Enqueue(StoredMessage message) => Enqueue(message, message.RequestedSchedule);

    /// <summary>schedule-message: stores the message to appear at its scheduled time; returns its sequence number.</summary>
    internal long Schedule(StoredMessage message, DateTimeOffset at)
    {
        Enqueue(message, at);
        return message.SequenceNumber;
    }

    /// <summary>cancel-scheduled-message: false when the sequence number is not (or no longer) scheduled.</summary>
    internal bool CancelScheduled(long sequenceNumber)
    {
        lock (_gate)
        {
            return _scheduled.Remove(sequenceNumber);
        }
    }

    internal void AddConsumer(Consumer consumer)
    {
        lock (_gate)
        {
            _consumers.Add(consumer);
        }
    }

    /// <summary>Runs <paramref name="action"/> under the queue's lock (a consumer changing what <see cref="Consumer.HasCredit"/> reads).</summary>
    internal void Run(Action action)
    {
        lock (_gate)
        {
            action();
        }
    }

    /// <summary>The link closed. Its locks stay until they expire, as Service Bus keeps them.</summary>
    internal void RemoveConsumer(Consumer consumer)
    {
        lock (_gate)
        {
            _consumers.Remove(consumer);
        }
    }

    /// <summary>
    /// Completes when the broker no longer holds the lock <paramref name="lockToken"/> (settled, abandoned or expired by the
    /// queue's clock), or at once when it holds no such lock. Tests wait on it where the client's own view of a lock (the
    /// SDK's lock-lost timer on the announced expiry) may run a moment ahead of the broker's.
    /// </summary>
    public Task WhenLockGoneAsync(Guid lockToken)
    {
        lock (_gate)
        {
            if (!_locked.ContainsKey(lockToken))
            {
                return Task.CompletedTask;
            }

            if (!_lockWaiters.TryGetValue(lockToken, out var waiter))
            {
                waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _lockWaiters[lockToken] = waiter;
            }

            return waiter.Task;
        }
    }

    /// <summary>Delivers what the consumers' credit allows, after expiring locks, TTLs and schedules.</summary>
    internal void Pump()
    {
        List<StoredMessage> deadLetters = [];
        lock (_gate)
        {
            var now = Settings.Time.GetUtcNow();
            PromoteScheduled(now);
            ExpireLocks(now, deadLetters);
            Deliver(now, deadLetters);
        }

        MoveToDeadLetterQueue(deadLetters);
    }

    /// <summary>
    /// A disposition from the receiver (AmqpReceiver.cs DisposeMessageAsync): Accepted completes, Modified abandons
    /// (undeliverable-here, i.e. defer, is not supported), Rejected with com.microsoft:dead-letter dead-letters with the
    /// DeadLetterReason / DeadLetterErrorDescription it carries. A lock that expired or was never ours answers
    /// Rejected com.microsoft:message-lock-lost. A dead-letter that succeeded is answered Accepted: the SDK treats any
    /// Rejected answer with an error as a failure (AmqpReceiver.cs DisposeMessageAsync).
    /// </summary>
    internal Outcome Settle(Guid lockToken, Outcome outcome)
    {
        var status = outcome switch
        {
            Accepted => Disposition.Completed,
            Modified { UndeliverableHere: true } => Disposition.Deferred,
            Modified or Released => Disposition.Abandoned,
            Rejected => Disposition.DeadLettered,
            _ => Disposition.Deferred,
        };
        var info = (outcome as Rejected)?.Error?.Info;
        var error = Settle(lockToken, status, info?["DeadLetterReason"] as string, info?["DeadLetterErrorDescription"] as string);
        return error is not null ? new Rejected { Error = error } : outcome is Rejected ? AmqpConstants.AcceptedOutcome : outcome;
    }

    /// <summary>Settles by lock token (link disposition or $management update-disposition); null on success.</summary>
    internal Error? Settle(Guid lockToken, Disposition disposition, string? reason, string? description)
    {
        List<StoredMessage> deadLetters = [];
        lock (_gate)
        {
            var now = Settings.Time.GetUtcNow();
            if (!_locked.TryGetValue(lockToken, out var message) || message.LockedUntil <= now)
            {
                return Errors.LockLost(lockToken);
            }

            switch (disposition)
            {
                case Disposition.Completed:
                    ReleaseLock(lockToken);
                    message.LockToken = null;
                    break;
                case Disposition.Abandoned:
                    Unlock(message, deadLetters);
                    break;
                case Disposition.DeadLettered:
                    ReleaseLock(lockToken);
                    message.LockToken = null;
                    deadLetters.Add(message.DeadLettered(Name, reason ?? "DeadLetteredByReceiver", description));
                    break;
                default:
                    return new Error { Condition = AmqpErrorCode.NotImplemented, Description = "Deferral is not supported by this broker." };
            }

            Deliver(now, deadLetters);
        }

        MoveToDeadLetterQueue(deadLetters);
        return null;
    }

    /// <summary>renew-lock: the new expiry, or null when the lock is lost (expired, settled or unknown).</summary>
    internal DateTimeOffset? RenewLock(Guid lockToken)
    {
        lock (_gate)
        {
            var now = Settings.Time.GetUtcNow();
            if (!_locked.TryGetValue(lockToken, out var message) || message.LockedUntil <= now)
            {
                return null;
            }

            message.LockedUntil = LockExpiry(now);
            _lockExpiries.Enqueue(message, message.LockedUntil);
            return message.LockedUntil;
        }
    }

    /// <summary>peek-message: up to <paramref name="count"/> messages from a sequence number on, locked or not, without locking.</summary>
    internal IReadOnlyList<StoredMessage> Peek(long fromSequenceNumber, int count)
    {
        lock (_gate)
        {
            return [.. _available.Values.Concat(_locked.Values).Concat(_scheduled.Values)
                .Where(m => m.SequenceNumber >= fromSequenceNumber)
                .OrderBy(m => m.SequenceNumber)
                .Take(count)];
        }
    }

    private bool Enqueue(StoredMessage message, DateTimeOffset? scheduledAt)
    {
        lock (_gate)
        {
            var now = Settings.Time.GetUtcNow();
            if (IsDuplicate(message.MessageId, now))
            {
                return false;
            }

            message.SequenceNumber = ++_nextSequence;
            if (message.DeadLetterReason is null)
            {
                // A dead letter keeps its enqueue time and delivery count and never expires (service-bus-dead-letter-queues).
                message.EnqueuedAt = now;
                var ttl = message.TimeToLive is { } t && t < Settings.DefaultTimeToLive ? t : Settings.DefaultTimeToLive;
                message.ExpiresAt = DateTimeOffset.MaxValue - now > ttl ? now + ttl : DateTimeOffset.MaxValue;
            }

            if (scheduledAt is { } at && at > now)
            {
                message.ScheduledAt = at;
                _scheduled[message.SequenceNumber] = message;
                return true;
            }

            _available[message.SequenceNumber] = message;
        }

        Pump();
        return true;
    }

    private bool IsDuplicate(string? messageId, DateTimeOffset now)
    {
        if (Settings.DuplicateDetectionWindow is not { } window || string.IsNullOrEmpty(messageId))
        {
            return false;
        }

        while (_seenOrder.TryPeek(out var oldest) && oldest.At <= now - window)
        {
            _seenOrder.Dequeue();
            if (_seenIds.TryGetValue(oldest.Id, out var at) && at == oldest.At)
            {
                _seenIds.Remove(oldest.Id);
            }
        }

        if (_seenIds.ContainsKey(messageId))
        {
            return true;
        }

        _seenIds[messageId] = now;
        _seenOrder.Enqueue((messageId, now));
        return false;
    }

    /// <summary>Now plus the lock duration, cut to whole milliseconds as x-opt-locked-until and renew-lock's expirations carry it.</summary>
    private DateTimeOffset LockExpiry(DateTimeOffset now)
    {
        var until = now + Settings.LockDuration;
        return until.AddTicks(-(until.UtcTicks % TimeSpan.TicksPerMillisecond));
    }

    private void ReleaseLock(Guid lockToken)
    {
        _locked.Remove(lockToken);
        if (_lockWaiters.Remove(lockToken, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    private void PromoteScheduled(DateTimeOffset now)
    {
        foreach (var due in _scheduled.Values.Where(m => m.ScheduledAt <= now).ToList())
        {
            _scheduled.Remove(due.SequenceNumber);
            _available[due.SequenceNumber] = due;
        }
    }

    private void ExpireLocks(DateTimeOffset now, List<StoredMessage> deadLetters)
    {
        while (_lockExpiries.TryPeek(out var message, out var until) && until <= now)
        {
            _lockExpiries.Dequeue();
            if (message.LockToken is { } token && _locked.ContainsKey(token) && message.LockedUntil <= now)
            {
                Unlock(message, deadLetters);
            }
        }
    }

    private void Unlock(StoredMessage message, List<StoredMessage> deadLetters)
    {
        ReleaseLock(message.LockToken!.Value);
        message.LockToken = null;
        if (message.DeliveryCount >= Settings.MaxDeliveryCount)
        {
            deadLetters.Add(message.DeadLettered(Name, "MaxDeliveryCountExceeded", $"Message could not be consumed after {message.DeliveryCount} delivery attempts."));
            return;
        }

        _available[message.SequenceNumber] = message;
    }

    private void Deliver(DateTimeOffset now, List<StoredMessage> deadLetters)
    {
        while (_available.Count > 0 && NextConsumerWithCredit() is { } consumer)
        {
            var message = _available.First().Value;
            _available.Remove(message.SequenceNumber);
            if (message.ExpiresAt <= now)
            {
                if (Settings.DeadLetteringOnExpiration)
                {
                    deadLetters.Add(message.DeadLettered(Name, "TTLExpiredException", "The message expired and was dead lettered."));
                }

                continue;
            }

            message.LockToken = Guid.NewGuid();
            message.LockedUntil = LockExpiry(now);
            message.DeliveryCount++;
            _locked[message.LockToken.Value] = message;
            _lockExpiries.Enqueue(message, message.LockedUntil);
            consumer.Send(message.ToAmqpMessage(peeked: false), message.LockToken.Value);
        }
    }

    private Consumer? NextConsumerWithCredit()
    {
        for (var i = 0; i < _consumers.Count; i++)
        {
            var consumer = _consumers[(_nextConsumer + i) % _consumers.Count];
            if (consumer.HasCredit)
            {
                _nextConsumer = (_nextConsumer + i + 1) % _consumers.Count;
                return consumer;
            }
        }

        return null;
    }

    private void MoveToDeadLetterQueue(List<StoredMessage> deadLetters)
    {
        foreach (var letter in deadLetters)
        {
            DeadLetterQueue?.Enqueue(letter, null);
        }
    }
}
