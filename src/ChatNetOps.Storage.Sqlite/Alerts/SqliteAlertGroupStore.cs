namespace ChatNetOps.Storage.Sqlite.Alerts;

using ChatNetOps.Core;
using ChatNetOps.Core.Alerts;
using ChatNetOps.Storage.Sqlite.Database;

/// <summary>Alert groups in <c>alert_groups</c>, one row per (source, group key), as JSON documents with a row version.</summary>
internal sealed class SqliteAlertGroupStore(SqliteDatabase database) : IAlertGroupStore
{
    private const string InsertSql = """
        INSERT INTO alert_groups (source, group_key, version, json) VALUES ($source, $key, 1, $json)
        ON CONFLICT (source, group_key) DO NOTHING;
        """;

    private const string ReplaceSql = """
        UPDATE alert_groups SET version = version + 1, json = $json
        WHERE source = $source AND group_key = $key AND version = $version
        RETURNING version;
        """;

    private const string GetSql = "SELECT version, json FROM alert_groups WHERE source = $source AND group_key = $key;";

    public Task<AlertGroup?> GetAsync(AlertSource source, string groupKey, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        using var reader = lease.Command(GetSql).With("$source", source.ToString()).With("$key", groupKey).ExecuteReader();
        return Task.FromResult(reader.Read()
            ? SqliteValues.Deserialize(reader, 1, CoreJsonContext.Default.AlertGroup) with { ETag = SqliteValues.ETag(reader.GetInt64(0)) }
            : null);
    }

    public Task<AlertGroup?> TryCreateAsync(AlertGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        var json = SqliteValues.Serialize(group with { ETag = null }, CoreJsonContext.Default.AlertGroup);
        return database.WriteAsync<AlertGroup?>(
            connection => connection.Command(InsertSql)
                .With("$source", group.Source.ToString())
                .With("$key", group.GroupKey)
                .With("$json", json)
                .ExecuteNonQuery() == 1 ? group with { ETag = SqliteValues.ETag(1) } : null,
            cancellationToken);
    }

    public Task<AlertGroup?> TryReplaceAsync(AlertGroup updated, string expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        if (!SqliteValues.TryParseETag(expectedETag, out var version))
        {
            return Task.FromResult<AlertGroup?>(null);
        }

        var json = SqliteValues.Serialize(updated with { ETag = null }, CoreJsonContext.Default.AlertGroup);
        return database.WriteAsync<AlertGroup?>(
            connection => connection.Command(ReplaceSql)
                .With("$source", updated.Source.ToString())
                .With("$key", updated.GroupKey)
                .With("$version", version)
                .With("$json", json)
                .ExecuteScalar() is long newVersion ? updated with { ETag = SqliteValues.ETag(newVersion) } : null,
            cancellationToken);
    }
}
