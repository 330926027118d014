namespace ChatNetOps.Storage.Sqlite.Queues;

using System.Text.Json.Serialization.Metadata;
using ChatNetOps.Core.Queues;
using ChatNetOps.Storage.Sqlite.Database;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>
/// A durable peek-lock queue in the SQLite file. The message id is unique per queue (duplicate detection, kept for
/// <see cref="SqliteStorageOptions.DuplicateDetectionWindow"/> after settlement); a receive moves
/// <c>visible_at</c> to the end of the lock and stamps a fresh lock token; a message delivered
/// <see cref="SqliteStorageOptions.MaxDeliveryCount"/> times, past its expiry, or dead-lettered by its consumer goes to
/// the dead-letter table (with a description when one was given), from where it can be requeued under its id.
/// Waiting receivers wake on an in-process signal and poll the file for other processes; <see cref="ConsumeAsync"/>
/// polls with <see cref="PollingConsumer"/>.
/// </summary>
internal abstract class SqliteMessageQueue<TMessage> : IMessageQueue<TMessage>
    where TMessage : class
{
    private const string EnqueueSql = """
        INSERT INTO queue_messages (queue, id, body, enqueued_at, visible_at, expires_at)
        VALUES ($queue, $id, $body, $now, $now, $expires)
        ON CONFLICT (queue, id) DO NOTHING;
        """;

    private const string NextVisibleSql = """
        SELECT seq, body, delivery_count, expires_at FROM queue_messages
        WHERE queue = $queue AND state = 0 AND visible_at <= $now
        ORDER BY visible_at, seq
        LIMIT 1;
        """;

    private const string LockSql = """
        UPDATE queue_messages SET lock_token = $token, visible_at = $until, delivery_count = delivery_count + 1
        WHERE seq = $seq;
        """;

    private const string CompleteSql = """
        UPDATE queue_messages SET state = 1, settled_at = $now, lock_token = NULL
        WHERE queue = $queue AND id = $id AND state = 0 AND lock_token = $token AND visible_at > $now;
        """;

    private const string AbandonSql = """
        UPDATE queue_messages SET lock_token = NULL, visible_at = $now
        WHERE queue = $queue AND id = $id AND state = 0 AND lock_token = $token AND visible_at > $now
        RETURNING seq, body, delivery_count;
        """;

    private const string RenewSql = """
        UPDATE queue_messages SET visible_at = $until
        WHERE queue = $queue AND id = $id AND state = 0 AND lock_token = $token AND visible_at > $now;
        """;

    private const string DeadLetterSql = """
        INSERT INTO queue_dead_letters (queue, id, body, reason, delivery_count, dead_lettered_at)
        SELECT queue, id, body, $reason, delivery_count, $now FROM queue_messages WHERE seq = $seq;
        UPDATE queue_messages SET state = 2, settled_at = $now, lock_token = NULL WHERE seq = $seq;
        """;

    private const string LockedSeqSql = """
        SELECT seq FROM queue_messages
        WHERE queue = $queue AND id = $id AND state = 0 AND lock_token = $token AND visible_at > $now;
        """;

    private const string DescribeSql = "INSERT INTO queue_dead_letter_descriptions (seq, description) VALUES (last_insert_rowid(), $description);";

    private const string ReadDeadLettersSql = """
        SELECT d.body, d.reason, d.delivery_count, d.dead_lettered_at, n.description FROM queue_dead_letters d
        LEFT JOIN queue_dead_letter_descriptions n ON n.seq = d.seq
        WHERE d.queue = $queue ORDER BY d.seq LIMIT $max;
        """;

    private const string FindDeadLetterSql = "SELECT seq, body FROM queue_dead_letters WHERE queue = $queue AND id = $id ORDER BY seq LIMIT 1;";

    private const string RequeueSql = """
        INSERT INTO queue_messages (queue, id, body, enqueued_at, visible_at, expires_at)
        VALUES ($queue, $id, $body, $now, $now, $expires)
        ON CONFLICT (queue, id) DO UPDATE SET body = excluded.body, enqueued_at = $now, visible_at = $now, expires_at = $expires,
            lock_token = NULL, delivery_count = 0, state = 0, settled_at = NULL;
        DELETE FROM queue_dead_letters WHERE seq = $seq;
        DELETE FROM queue_dead_letter_descriptions WHERE seq = $seq;
        """;

    private const string PurgeSql = "DELETE FROM queue_messages WHERE queue = $queue AND state <> 0 AND settled_at < $cutoff;";

    private readonly SqliteDatabase _database;
    private readonly string _queue;
    private readonly JsonTypeInfo<TMessage> _typeInfo;
    private readonly QueueSignal _signal;
    private readonly ILogger _logger;
    private long _lastPurgeTicks;

    protected SqliteMessageQueue(SqliteDatabase database, string queue, JsonTypeInfo<TMessage> typeInfo, ILogger? logger)
    {
        _logger = logger ?? NullLogger.Instance;
        _database = database;
        _queue = queue;
        _typeInfo = typeInfo;
        _signal = database.Signal(queue);
    }

    private TimeProvider Time => _database.Time;

    public async Task EnqueueAsync(TMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = SqliteValues.Serialize(message, _typeInfo);
        var id = IdOf(message);
        var expires = ExpiresAt(message);
        await _database.WriteAsync(
            connection =>
            {
                var now = Time.GetUtcNow().UtcTicks;
                connection.Command(EnqueueSql)
                    .With("$queue", _queue)
                    .With("$id", id)
                    .With("$body", body)
                    .With("$now", now)
                    .With("$expires", expires?.UtcTicks)
                    .ExecuteNonQuery();
                PurgeSettledIfDue(connection, now);
                return true;
            },
            cancellationToken);
        _signal.Set();
    }

    public async Task<QueueLease<TMessage>?> ReceiveAsync(TimeSpan lockDuration, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lockDuration, TimeSpan.Zero);
        var deadline = Time.GetUtcNow() + wait;
        while (true)
        {
            var signaled = _signal.Next;
            var received = await TryReceiveAsync(lockDuration, cancellationToken);
            if (received is not null)
            {
                return received;
            }

            var remaining = deadline - Time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }

            var pause = remaining < _database.Options.QueuePollInterval ? remaining : _database.Options.QueuePollInterval;
            using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(pause, Time, stopWaiting.Token);
            await Task.WhenAny(signaled, delay);
            await stopWaiting.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public Task<bool> CompleteAsync(QueueLease<TMessage> lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var id = IdOf(lease.Message);
        return _database.WriteAsync(
            connection => connection.Command(CompleteSql)
                .With("$queue", _queue)
                .With("$id", id)
                .With("$token", lease.LockToken)
                .With("$now", Time.GetUtcNow().UtcTicks)
                .ExecuteNonQuery() == 1,
            cancellationToken);
    }

    public async Task AbandonAsync(QueueLease<TMessage> lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var id = IdOf(lease.Message);
        await _database.WriteAsync(
            connection =>
            {
                var now = Time.GetUtcNow().UtcTicks;
                (long Seq, int Deliveries)? poisoned = null;
                using (var reader = connection.Command(AbandonSql)
                    .With("$queue", _queue)
                    .With("$id", id)
                    .With("$token", lease.LockToken)
                    .With("$now", now)
                    .ExecuteReader())
                {
                    if (reader.Read() && reader.GetInt32(2) >= _database.Options.MaxDeliveryCount)
                    {
                        poisoned = (reader.GetInt64(0), reader.GetInt32(2));
                    }
                }

                if (poisoned is { } letter)
                {
                    DeadLetter(connection, letter.Seq, DeadLetterReasons.MaxDeliveryCountExceeded, TooManyDeliveries(letter.Deliveries), now);
                }

                return true;
            },
            cancellationToken);
        _signal.Set();
    }

    public Task<bool> DeadLetterAsync(QueueLease<TMessage> lease, string reason, string description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var id = IdOf(lease.Message);
        return _database.WriteAsync(
            connection =>
            {
                var now = Time.GetUtcNow().UtcTicks;
                if (connection.Command(LockedSeqSql).With("$queue", _queue).With("$id", id).With("$token", lease.LockToken).With("$now", now).ExecuteScalar() is not long seq)
                {
                    return false;
                }

                DeadLetter(connection, seq, reason, description ?? string.Empty, now);
                return true;
            },
            cancellationToken);
    }

    public async Task<bool> RequeueDeadLetterAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var requeued = await _database.WriteAsync(
            connection =>
            {
                long seq;
                string body;
                using (var reader = connection.Command(FindDeadLetterSql).With("$queue", _queue).With("$id", id).ExecuteReader())
                {
                    if (!reader.Read())
                    {
                        return false;
                    }

                    seq = reader.GetInt64(0);
                    body = reader.GetString(1);
                }

                var message = System.Text.Json.JsonSerializer.Deserialize(body, _typeInfo)
                    ?? throw new InvalidDataException($"Dead letter {seq} of queue '{_queue}' is JSON null; the database file has been edited by hand or is corrupt.");
                connection.Command(RequeueSql)
                    .With("$queue", _queue)
                    .With("$id", id)
                    .With("$body", body)
                    .With("$now", Time.GetUtcNow().UtcTicks)
                    .With("$expires", ExpiresAt(message)?.UtcTicks)
                    .With("$seq", seq)
                    .ExecuteNonQuery();
                return true;
            },
            cancellationToken);
        if (requeued)
        {
            _signal.Set();
        }

        return requeued;
    }

    public Task ConsumeAsync(Func<QueueDelivery<TMessage>, CancellationToken, Task<QueueSettlement>> handler, QueueConsumerOptions options, CancellationToken cancellationToken) =>
        PollingConsumer.RunAsync(this, handler, options, Time, _logger, cancellationToken);

    public async Task<QueueLease<TMessage>?> RenewAsync(QueueLease<TMessage> lease, TimeSpan lockDuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lockDuration, TimeSpan.Zero);
        var id = IdOf(lease.Message);
        return await _database.WriteAsync<QueueLease<TMessage>?>(
            connection =>
            {
                var now = Time.GetUtcNow();
                var until = now + lockDuration;
                var renewed = connection.Command(RenewSql)
                    .With("$queue", _queue)
                    .With("$id", id)
                    .With("$token", lease.LockToken)
                    .With("$now", now.UtcTicks)
                    .With("$until", until.UtcTicks)
                    .ExecuteNonQuery() == 1;
                return renewed ? lease with { LockedUntil = until } : null;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<DeadLetter<TMessage>>> ReadDeadLettersAsync(int max, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = _database.Read();
        using var reader = lease.Command(ReadDeadLettersSql).With("$queue", _queue).With("$max", Math.Max(0, max)).ExecuteReader();
        var letters = new List<DeadLetter<TMessage>>();
        while (reader.Read())
        {
            letters.Add(new DeadLetter<TMessage>(
                SqliteValues.Deserialize(reader, 0, _typeInfo),
                reader.GetString(1),
                reader.GetInt32(2),
                new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero))
            {
                Description = reader.IsDBNull(4) ? null : reader.GetString(4),
            });
        }

        return Task.FromResult<IReadOnlyList<DeadLetter<TMessage>>>(letters);
    }

    /// <summary>The id used for duplicate detection and settlement.</summary>
    protected abstract string IdOf(TMessage message);

    /// <summary>When the message stops being worth delivering, if ever.</summary>
    protected virtual DateTimeOffset? ExpiresAt(TMessage message) => null;

    private static void DeadLetter(PooledConnection connection, long seq, string reason, string description, long now)
    {
        connection.Command(DeadLetterSql).With("$seq", seq).With("$reason", reason).With("$now", now).ExecuteNonQuery();
        connection.Command(DescribeSql).With("$description", description).ExecuteNonQuery();
    }

    private static string TooManyDeliveries(int deliveries) => $"Message could not be consumed after {deliveries} delivery attempts.";

    private Task<QueueLease<TMessage>?> TryReceiveAsync(TimeSpan lockDuration, CancellationToken cancellationToken) =>
        _database.WriteAsync(connection => TryReceive(connection, lockDuration), cancellationToken);

    private QueueLease<TMessage>? TryReceive(PooledConnection connection, TimeSpan lockDuration)
    {
        var now = Time.GetUtcNow();
        while (true)
        {
            long seq;
            string body;
            int deliveries;
            long? expires;
            using (var reader = connection.Command(NextVisibleSql).With("$queue", _queue).With("$now", now.UtcTicks).ExecuteReader())
            {
                if (!reader.Read())
                {
                    return null;
                }

                seq = reader.GetInt64(0);
                body = reader.GetString(1);
                deliveries = reader.GetInt32(2);
                expires = reader.IsDBNull(3) ? null : reader.GetInt64(3);
            }

            if (expires is { } e && e <= now.UtcTicks)
            {
                DeadLetter(connection, seq, DeadLetterReasons.Expired, "The message expired and was dead lettered.", now.UtcTicks);
                continue;
            }

            if (deliveries >= _database.Options.MaxDeliveryCount)
            {
                DeadLetter(connection, seq, DeadLetterReasons.MaxDeliveryCountExceeded, TooManyDeliveries(deliveries), now.UtcTicks);
                continue;
            }

            var token = Guid.NewGuid().ToString("N");
            var until = now + lockDuration;
            connection.Command(LockSql).With("$seq", seq).With("$token", token).With("$until", until.UtcTicks).ExecuteNonQuery();
            var message = System.Text.Json.JsonSerializer.Deserialize(body, _typeInfo)
                ?? throw new InvalidDataException($"Message {seq} of queue '{_queue}' is JSON null; the database file has been edited by hand or is corrupt.");
            return new QueueLease<TMessage>(message, token, deliveries + 1, until);
        }
    }

    private void PurgeSettledIfDue(PooledConnection connection, long now)
    {
        var window = _database.Options.DuplicateDetectionWindow;
        if (now - _lastPurgeTicks < Math.Max(window.Ticks / 4, TimeSpan.TicksPerMinute))
        {
            return;
        }

        _lastPurgeTicks = now;
        connection.Command(PurgeSql).With("$queue", _queue).With("$cutoff", now - window.Ticks).ExecuteNonQuery();
    }
}
