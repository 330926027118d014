namespace ChatNetOps.Storage.Sqlite.Locks;

using ChatNetOps.Core;
using ChatNetOps.Core.Locks;
using ChatNetOps.Storage.Sqlite.Database;

/// <summary>
/// One row per (device, request, watcher) in <c>lock_watches</c>. Add is an INSERT that does nothing on conflict; taking a
/// watch to notify is a DELETE, and only the statement that deleted the row notifies, so racing sweeps (in this process
/// or others sharing the file) tell each watcher once.
/// </summary>
internal sealed class SqliteLockWatchStore(SqliteDatabase database) : ILockWatchStore
{
    private const string InsertSql = """
        INSERT INTO lock_watches (device, request_id, watcher, created_at, json)
        VALUES ($device, $request, $watcher, $created, $json)
        ON CONFLICT (device, request_id, watcher) DO NOTHING;
        """;

    private const string ListSql = "SELECT json FROM lock_watches ORDER BY created_at, device, watcher;";

    private const string TakeSql = "DELETE FROM lock_watches WHERE device = $device AND request_id = $request AND watcher = $watcher;";

    public Task<bool> AddAsync(LockWatch watch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(watch);
        var json = SqliteValues.Serialize(watch, CoreJsonContext.Default.LockWatch);
        return database.WriteAsync(
            connection => connection.Command(InsertSql)
                .With("$device", watch.Device)
                .With("$request", watch.RequestId)
                .With("$watcher", watch.WatcherKey)
                .With("$created", SqliteValues.Ticks(watch.CreatedAt))
                .With("$json", json)
                .ExecuteNonQuery() == 1,
            cancellationToken);
    }

    public Task<IReadOnlyList<LockWatch>> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        using var reader = lease.Command(ListSql).ExecuteReader();
        var watches = new List<LockWatch>();
        while (reader.Read())
        {
            watches.Add(SqliteValues.Deserialize(reader, 0, CoreJsonContext.Default.LockWatch));
        }

        return Task.FromResult<IReadOnlyList<LockWatch>>(watches);
    }

    public Task<bool> TakeAsync(LockWatch watch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(watch);
        return database.WriteAsync(
            connection => connection.Command(TakeSql)
                .With("$device", watch.Device)
                .With("$request", watch.RequestId)
                .With("$watcher", watch.WatcherKey)
                .ExecuteNonQuery() == 1,
            cancellationToken);
    }
}
