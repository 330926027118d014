namespace ChatNetOps.Storage.Sqlite.Alerts;

using ChatNetOps.Core;
using ChatNetOps.Core.Alerts;
using ChatNetOps.Storage.Sqlite.Database;

/// <summary>
/// Alert notifications in <c>alert_notifications</c>, one row per (source, id). Recording is one
/// <c>INSERT … ON CONFLICT DO NOTHING</c> inside the writer's transaction, so a duplicate (an HA pair, a retry) changes
/// nothing and exactly one of racing callers gets true; the row is committed before the caller answers the source.
/// </summary>
internal sealed class SqliteAlertStore(SqliteDatabase database) : IAlertStore
{
    private const string InsertSql = """
        INSERT INTO alert_notifications (source, id, received_at, processed_at, json) VALUES ($source, $id, $received, NULL, $json)
        ON CONFLICT (source, id) DO NOTHING;
        """;

    private const string PendingSql = """
        SELECT json FROM alert_notifications WHERE processed_at IS NULL ORDER BY received_at, seq LIMIT $max;
        """;

    private const string ProcessedSql = "UPDATE alert_notifications SET processed_at = $now WHERE source = $source AND id = $id;";

    public Task<bool> RecordAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var json = SqliteValues.Serialize(notification, CoreJsonContext.Default.AlertNotification);
        return database.WriteAsync(
            connection => connection.Command(InsertSql)
                .With("$source", notification.Source.ToString())
                .With("$id", notification.Id)
                .With("$received", SqliteValues.Ticks(notification.ReceivedAt))
                .With("$json", json)
                .ExecuteNonQuery() == 1,
            cancellationToken);
    }

    public Task<IReadOnlyList<AlertNotification>> ListPendingAsync(int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        using var reader = lease.Command(PendingSql).With("$max", max).ExecuteReader();
        var pending = new List<AlertNotification>();
        while (reader.Read())
        {
            pending.Add(SqliteValues.Deserialize(reader, 0, CoreJsonContext.Default.AlertNotification));
        }

        return Task.FromResult<IReadOnlyList<AlertNotification>>(pending);
    }

    public Task MarkProcessedAsync(AlertSource source, string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return database.WriteAsync(
            connection => connection.Command(ProcessedSql)
                .With("$source", source.ToString())
                .With("$id", id)
                .With("$now", SqliteValues.Ticks(database.Time.GetUtcNow()))
                .ExecuteNonQuery(),
            cancellationToken);
    }
}
