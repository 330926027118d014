namespace ChatNetOps.Storage.Sqlite.Locks;

using ChatNetOps.Core;
using ChatNetOps.Core.Locks;
using ChatNetOps.Storage.Sqlite.Database;
using Microsoft.Data.Sqlite;

/// <summary>
/// One row per device. Acquire is an INSERT that does nothing on conflict; taking over an expired lease is an UPDATE
/// guarded by the row version; release is a DELETE guarded by the request id. Every step is a conditional statement,
/// so racing writers in other processes sharing the file still see exactly one winner.
/// </summary>
internal sealed class SqliteDeviceLockStore(SqliteDatabase database) : IDeviceLockStore
{
    private const int MaxAttempts = 32;

    private const string InsertSql = """
        INSERT INTO device_locks (device, request_id, version, lease_until, json)
        VALUES ($device, $request, 1, $lease, $json)
        ON CONFLICT (device) DO NOTHING;
        """;

    private const string TakeOverSql = """
        UPDATE device_locks SET request_id = $request, version = version + 1, lease_until = $lease, json = $json
        WHERE device = $device AND version = $version
        RETURNING version;
        """;

    private const string RenewSql = """
        UPDATE device_locks SET version = version + 1, lease_until = $lease, json = $json
        WHERE device = $device AND request_id = $request AND ($version IS NULL OR version = $version)
        RETURNING version;
        """;

    private const string GetSql = "SELECT version, json FROM device_locks WHERE device = $device;";

    private const string ListSql = "SELECT version, json FROM device_locks ORDER BY device;";

    private const string ReleaseSql = "DELETE FROM device_locks WHERE device = $device AND request_id = $request;";

    private const string TakeSlotSql = """
        INSERT INTO session_slots (device, slot, holder, version, lease_until)
        VALUES ($device, $slot, $holder, 1, $lease)
        ON CONFLICT (device, slot) DO UPDATE
            SET holder = excluded.holder, version = session_slots.version + 1, lease_until = excluded.lease_until
            WHERE session_slots.lease_until <= $now
        RETURNING version;
        """;

    private const string ReleaseSlotSql = """
        DELETE FROM session_slots
        WHERE device = $device AND slot = $slot AND holder = $holder AND ($version IS NULL OR version = $version);
        """;

    public Task<LockAcquisition> TryAcquireAsync(DeviceLock candidate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var json = SqliteValues.Serialize(candidate with { ETag = null }, CoreJsonContext.Default.DeviceLock);
        return database.WriteAsync(connection => TryAcquire(connection, candidate, json, now), cancellationToken);
    }

    public Task<DeviceLock?> GetAsync(string device, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        return Task.FromResult(ReadOne(lease.Command(GetSql).With("$device", device)));
    }

    public Task<IReadOnlyList<DeviceLock>> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        using var reader = lease.Command(ListSql).ExecuteReader();
        var locks = new List<DeviceLock>();
        while (reader.Read())
        {
            locks.Add(ReadLock(reader));
        }

        return Task.FromResult<IReadOnlyList<DeviceLock>>(locks);
    }

    public async Task<DeviceLock?> RenewAsync(DeviceLock held, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(held);
        var renewed = held with { LeaseUntil = leaseUntil, ETag = null };
        var json = SqliteValues.Serialize(renewed, CoreJsonContext.Default.DeviceLock);
        object? version = SqliteValues.TryParseETag(held.ETag, out var v) ? v : null;
        var result = await database.WriteAsync(
            connection => connection.Command(RenewSql)
                .With("$device", held.Device)
                .With("$request", held.RequestId)
                .With("$version", version)
                .With("$lease", SqliteValues.Ticks(leaseUntil))
                .With("$json", json)
                .ExecuteScalar(),
            cancellationToken);
        return result is long newVersion ? renewed with { ETag = SqliteValues.ETag(newVersion) } : null;
    }

    public Task<bool> ReleaseAsync(string device, string requestId, CancellationToken cancellationToken) =>
        database.WriteAsync(
            connection => connection.Command(ReleaseSql).With("$device", device).With("$request", requestId).ExecuteNonQuery() > 0,
            cancellationToken);

    public Task<SessionSlot?> TryAcquireSessionAsync(string device, int limit, string holder, DateTimeOffset leaseUntil, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return database.WriteAsync<SessionSlot?>(
            connection =>
            {
                for (var slot = 0; slot < limit; slot++)
                {
                    var taken = connection.Command(TakeSlotSql)
                        .With("$device", device)
                        .With("$slot", slot)
                        .With("$holder", holder)
                        .With("$lease", SqliteValues.Ticks(leaseUntil))
                        .With("$now", SqliteValues.Ticks(now))
                        .ExecuteScalar();
                    if (taken is long version)
                    {
                        return new SessionSlot(device, slot, holder, leaseUntil) { ETag = SqliteValues.ETag(version) };
                    }
                }

                return null;
            },
            cancellationToken);
    }

    public Task ReleaseSessionAsync(SessionSlot slot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slot);
        object? version = SqliteValues.TryParseETag(slot.ETag, out var v) ? v : null;
        return database.WriteAsync(
            connection => connection.Command(ReleaseSlotSql)
                .With("$device", slot.Device)
                .With("$slot", slot.Slot)
                .With("$holder", slot.Holder)
                .With("$version", version)
                .ExecuteNonQuery(),
            cancellationToken);
    }

    private static LockAcquisition TryAcquire(PooledConnection connection, DeviceLock candidate, string json, DateTimeOffset now)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var inserted = connection.Command(InsertSql)
                .With("$device", candidate.Device)
                .With("$request", candidate.RequestId)
                .With("$lease", SqliteValues.Ticks(candidate.LeaseUntil))
                .With("$json", json)
                .ExecuteNonQuery();
            if (inserted == 1)
            {
                return new LockAcquisition.Acquired(candidate with { ETag = SqliteValues.ETag(1) }, null);
            }

            var existing = ReadOne(connection.Command(GetSql).With("$device", candidate.Device));
            if (existing is null)
            {
                continue; // released between our insert and read: try the insert again
            }

            if (!existing.IsExpired(now))
            {
                return new LockAcquisition.Held(existing);
            }

            _ = SqliteValues.TryParseETag(existing.ETag, out var version);
            var taken = connection.Command(TakeOverSql)
                .With("$device", candidate.Device)
                .With("$version", version)
                .With("$request", candidate.RequestId)
                .With("$lease", SqliteValues.Ticks(candidate.LeaseUntil))
                .With("$json", json)
                .ExecuteScalar();
            if (taken is long newVersion)
            {
                return new LockAcquisition.Acquired(candidate with { ETag = SqliteValues.ETag(newVersion) }, existing);
            }
        }

        throw new InvalidOperationException(
            $"Could not settle the lock of device '{candidate.Device}' after {MaxAttempts} attempts; another process is churning it.");
    }

    private static DeviceLock? ReadOne(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadLock(reader) : null;
    }

    private static DeviceLock ReadLock(SqliteDataReader reader) =>
        SqliteValues.Deserialize(reader, 1, CoreJsonContext.Default.DeviceLock) with { ETag = SqliteValues.ETag(reader.GetInt64(0)) };
}
