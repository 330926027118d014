namespace ChatNetOps.Storage.Sqlite.Requests;

using ChatNetOps.Core;
using ChatNetOps.Core.Requests;
using ChatNetOps.Storage.Sqlite.Database;

/// <summary>
/// The marker of the device-change fill: the one row of <c>device_change_backfill</c> (id 1). A claim is one
/// conditional upsert (taken when there is no row, or its claim ran out, or it is the same owner's, and never once the
/// row says done); completing sets <c>completed_at</c> unless it is set already.
/// </summary>
internal sealed class SqliteDeviceChangeBackfillStore(SqliteDatabase database) : IDeviceChangeBackfillStore
{
    private const string ClaimSql = """
        INSERT INTO device_change_backfill (id, owner, until, completed_at, json) VALUES (1, $owner, $until, NULL, $json)
        ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, until = excluded.until, json = excluded.json
        WHERE device_change_backfill.completed_at IS NULL
          AND (device_change_backfill.until <= $now OR device_change_backfill.owner = excluded.owner);
        """;

    private const string CompleteSql = """
        INSERT INTO device_change_backfill (id, owner, until, completed_at, json) VALUES (1, $owner, $until, $completed, $json)
        ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, until = excluded.until, completed_at = excluded.completed_at, json = excluded.json
        WHERE device_change_backfill.completed_at IS NULL;
        """;

    private const string GetSql = "SELECT json FROM device_change_backfill WHERE id = 1;";

    public Task<DeviceChangeBackfillState?> GetAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        using var reader = lease.Command(GetSql).ExecuteReader();
        return Task.FromResult(reader.Read() ? SqliteValues.Deserialize(reader, 0, CoreJsonContext.Default.DeviceChangeBackfillState) : null);
    }

    public async Task<bool> TryClaimAsync(string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var json = SqliteValues.Serialize(new DeviceChangeBackfillState(owner, until, null), CoreJsonContext.Default.DeviceChangeBackfillState);
        var changed = await database.WriteAsync(
            connection => connection.Command(ClaimSql)
                .With("$owner", owner)
                .With("$until", SqliteValues.Ticks(until))
                .With("$now", SqliteValues.Ticks(now))
                .With("$json", json)
                .ExecuteNonQuery(),
            cancellationToken);
        return changed == 1;
    }

    public async Task CompleteAsync(DeviceChangeBackfillState done, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(done);
        if (done.CompletedAt is not { } completed)
        {
            throw new ArgumentException("A completed marker needs its CompletedAt.", nameof(done));
        }

        var json = SqliteValues.Serialize(done, CoreJsonContext.Default.DeviceChangeBackfillState);
        await database.WriteAsync(
            connection => connection.Command(CompleteSql)
                .With("$owner", done.Owner)
                .With("$until", SqliteValues.Ticks(done.Until))
                .With("$completed", SqliteValues.Ticks(completed))
                .With("$json", json)
                .ExecuteNonQuery(),
            cancellationToken);
    }
}
