namespace ChatNetOps.Storage.Sqlite.Audit;

using System.Runtime.CompilerServices;
using ChatNetOps.Core;
using ChatNetOps.Core.Audit;
using ChatNetOps.Storage.Sqlite.Database;
using Microsoft.Data.Sqlite;

/// <summary>
/// One row per event keyed PRIMARY KEY (partition, sequence): an append is an INSERT that does nothing when the key
/// is taken, which is the conditional create the chain relies on. Rows keep the full event JSON and its hash.
/// </summary>
internal sealed class SqliteAuditStore(SqliteDatabase database) : IAuditStore
{
    private const int PageSize = 2048;

    private const string InsertSql = """
        INSERT INTO audit_events (partition, sequence, id, hash, json) VALUES ($partition, $sequence, $id, $hash, $json)
        ON CONFLICT (partition, sequence) DO NOTHING;
        """;

    private const string LastSql = "SELECT json FROM audit_events WHERE partition = $partition ORDER BY sequence DESC LIMIT 1;";

    private const string PageSql = """
        SELECT sequence, json FROM audit_events WHERE partition = $partition AND sequence > $after
        ORDER BY sequence LIMIT $limit;
        """;

    // Skip-scan over the primary key: one seek per partition instead of reading every event.
    private const string PartitionsSql = """
        WITH RECURSIVE p(name) AS (
            SELECT MIN(partition) FROM audit_events
            UNION ALL
            SELECT (SELECT MIN(partition) FROM audit_events WHERE partition > p.name) FROM p WHERE p.name IS NOT NULL)
        SELECT name FROM p WHERE name IS NOT NULL;
        """;

    public async Task<bool> TryAppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var json = SqliteValues.Serialize(auditEvent, CoreJsonContext.Default.AuditEvent);
        return await database.WriteAsync(
            c => c.Command(InsertSql)
                .With("$partition", auditEvent.Partition)
                .With("$sequence", auditEvent.Sequence)
                .With("$id", auditEvent.Id)
                .With("$hash", auditEvent.Hash)
                .With("$json", json)
                .ExecuteNonQuery() == 1,
            cancellationToken);
    }

    public Task<AuditEvent?> GetLastAsync(string partition, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        using var reader = lease.Command(LastSql).With("$partition", partition).ExecuteReader();
        return Task.FromResult(reader.Read() ? ReadEvent(reader, 0) : null);
    }

    public async IAsyncEnumerable<AuditEvent> ReadAsync(string partition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Keyset pages, each read on a pooled connection that is returned at once; the next page is read (and parsed)
        // in the background while the caller works through the current one, so verifying overlaps I/O with hashing.
        var pending = Task.Run(() => ReadPage(partition, 0, cancellationToken), cancellationToken);
        while (pending is not null)
        {
            var page = await pending;
            pending = page.Count == PageSize
                ? Task.Run(() => ReadPage(partition, page[^1].Sequence, cancellationToken), cancellationToken)
                : null;
            foreach (var auditEvent in page)
            {
                yield return auditEvent;
            }
        }
    }

    public Task<IReadOnlyList<string>> ListPartitionsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        using var reader = lease.Command(PartitionsSql).ExecuteReader();
        var partitions = new List<string>();
        while (reader.Read())
        {
            partitions.Add(reader.GetString(0));
        }

        return Task.FromResult<IReadOnlyList<string>>(partitions);
    }

    private List<AuditEvent> ReadPage(string partition, long after, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var page = new List<AuditEvent>(PageSize);
        using var lease = database.Read();
        using var reader = lease.Command(PageSql)
            .With("$partition", partition)
            .With("$after", after)
            .With("$limit", PageSize)
            .ExecuteReader();
        while (reader.Read())
        {
            page.Add(ReadEvent(reader, 1));
        }

        return page;
    }

    /// <summary>The stored shape in one reader pass; anything else through the serializer, which has the last word.</summary>
    private static AuditEvent ReadEvent(SqliteDataReader reader, int ordinal)
    {
        var json = reader.GetFieldValue<byte[]>(ordinal);
        return AuditEventJson.TryRead(json, out var auditEvent)
            ? auditEvent!
            : SqliteValues.Deserialize(json, CoreJsonContext.Default.AuditEvent);
    }
}
