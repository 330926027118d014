namespace ChatNetOps.Storage.Sqlite.ChangeRecords;

using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Storage.Sqlite.Database;
using Microsoft.Data.Sqlite;

/// <summary>
/// The change-record outbox (<c>change_outbox</c>, keyed by sink, incident and audit sequence) and the incident ↔ ticket
/// mapping (<c>change_links</c>) as JSON documents with row versions; every replace is conditional on the version.
/// </summary>
internal sealed class SqliteChangeRecordStore(SqliteDatabase database) : IChangeRecordStore
{
    private const string EnqueueSql = """
        INSERT INTO change_outbox (sink, incident, sequence, state, version, json) VALUES ($sink, $incident, $sequence, $state, 1, $json)
        ON CONFLICT DO NOTHING;
        """;

    private const string GetSql = "SELECT version, json FROM change_outbox WHERE sink = $sink AND incident = $incident AND sequence = $sequence;";

    private const string ListSql = "SELECT version, json FROM change_outbox WHERE state = $state ORDER BY incident, sink, sequence LIMIT $max;";

    private const string ListByIncidentSql = "SELECT version, json FROM change_outbox WHERE incident = $incident ORDER BY sink, sequence;";

    private const string ReplaceSql = """
        UPDATE change_outbox SET version = version + 1, state = $state, json = $json
        WHERE sink = $sink AND incident = $incident AND sequence = $sequence AND version = $version
        RETURNING version;
        """;

    private const string GetLinkSql = "SELECT version, json FROM change_links WHERE incident = $incident AND sink = $sink;";

    private const string ListLinksSql = "SELECT version, json FROM change_links WHERE incident = $incident ORDER BY sink;";

    private const string CreateLinkSql = """
        INSERT INTO change_links (sink, incident, version, json) VALUES ($sink, $incident, 1, $json)
        ON CONFLICT DO NOTHING;
        """;

    private const string ReplaceLinkSql = """
        UPDATE change_links SET version = version + 1, json = $json
        WHERE incident = $incident AND sink = $sink AND version = $version
        RETURNING version;
        """;

    public Task<bool> TryEnqueueAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var json = SqliteValues.Serialize(entry with { ETag = null }, ChangeRecordJsonContext.Default.OutboxEntry);
        return database.WriteAsync(
            connection => connection.Command(EnqueueSql)
                .With("$sink", entry.Sink)
                .With("$incident", entry.Incident)
                .With("$sequence", entry.Sequence)
                .With("$state", entry.State.ToString())
                .With("$json", json)
                .ExecuteNonQuery() == 1,
            cancellationToken);
    }

    public Task<OutboxEntry?> GetAsync(string sink, string incident, long sequence, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        using var reader = lease.Command(GetSql).With("$sink", sink).With("$incident", incident).With("$sequence", sequence).ExecuteReader();
        return Task.FromResult(reader.Read() ? ReadEntry(reader) : null);
    }

    public Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxState state, int max, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        return Task.FromResult<IReadOnlyList<OutboxEntry>>(ReadEntries(lease.Command(ListSql).With("$state", state.ToString()).With("$max", max)));
    }

    public Task<IReadOnlyList<OutboxEntry>> ListByIncidentAsync(string incident, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        return Task.FromResult<IReadOnlyList<OutboxEntry>>(ReadEntries(lease.Command(ListByIncidentSql).With("$incident", incident)));
    }

    public async Task<OutboxEntry?> TryReplaceAsync(OutboxEntry updated, string expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        if (!SqliteValues.TryParseETag(expectedETag, out var version))
        {
            return null;
        }

        var json = SqliteValues.Serialize(updated with { ETag = null }, ChangeRecordJsonContext.Default.OutboxEntry);
        return await database.WriteAsync<OutboxEntry?>(
            connection => connection.Command(ReplaceSql)
                .With("$sink", updated.Sink)
                .With("$incident", updated.Incident)
                .With("$sequence", updated.Sequence)
                .With("$version", version)
                .With("$state", updated.State.ToString())
                .With("$json", json)
                .ExecuteScalar() is long next ? updated with { ETag = SqliteValues.ETag(next) } : null,
            cancellationToken);
    }

    public Task<ChangeRecordLink?> GetLinkAsync(string sink, string incident, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        using var reader = lease.Command(GetLinkSql).With("$sink", sink).With("$incident", incident).ExecuteReader();
        return Task.FromResult(reader.Read() ? ReadLink(reader) : null);
    }

    public async Task<ChangeRecordLink?> TrySaveLinkAsync(ChangeRecordLink link, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        var json = SqliteValues.Serialize(link with { ETag = null }, ChangeRecordJsonContext.Default.ChangeRecordLink);
        if (expectedETag is null)
        {
            return await database.WriteAsync<ChangeRecordLink?>(
                connection => connection.Command(CreateLinkSql).With("$sink", link.Sink).With("$incident", link.Incident).With("$json", json).ExecuteNonQuery() == 1
                    ? link with { ETag = SqliteValues.ETag(1) }
                    : null,
                cancellationToken);
        }

        if (!SqliteValues.TryParseETag(expectedETag, out var version))
        {
            return null;
        }

        return await database.WriteAsync<ChangeRecordLink?>(
            connection => connection.Command(ReplaceLinkSql)
                .With("$sink", link.Sink)
                .With("$incident", link.Incident)
                .With("$version", version)
                .With("$json", json)
                .ExecuteScalar() is long next ? link with { ETag = SqliteValues.ETag(next) } : null,
            cancellationToken);
    }

    public Task<IReadOnlyList<ChangeRecordLink>> ListLinksAsync(string incident, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        using var reader = lease.Command(ListLinksSql).With("$incident", incident).ExecuteReader();
        var links = new List<ChangeRecordLink>();
        while (reader.Read())
        {
            links.Add(ReadLink(reader));
        }

        return Task.FromResult<IReadOnlyList<ChangeRecordLink>>(links);
    }

    private static List<OutboxEntry> ReadEntries(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var entries = new List<OutboxEntry>();
        while (reader.Read())
        {
            entries.Add(ReadEntry(reader));
        }

        return entries;
    }

    private static OutboxEntry ReadEntry(SqliteDataReader reader) =>
        SqliteValues.Deserialize(reader, 1, ChangeRecordJsonContext.Default.OutboxEntry) with { ETag = SqliteValues.ETag(reader.GetInt64(0)) };

    private static ChangeRecordLink ReadLink(SqliteDataReader reader) =>
        SqliteValues.Deserialize(reader, 1, ChangeRecordJsonContext.Default.ChangeRecordLink) with { ETag = SqliteValues.ETag(reader.GetInt64(0)) };
}
