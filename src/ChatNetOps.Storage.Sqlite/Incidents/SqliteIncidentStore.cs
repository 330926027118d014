namespace ChatNetOps.Storage.Sqlite.Incidents;

using ChatNetOps.Core;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Policy;
using ChatNetOps.Storage.Sqlite.Database;
using Microsoft.Data.Sqlite;

/// <summary>Incidents as JSON documents with a row version; bound conversations are indexed for lookup by conversation.</summary>
internal sealed class SqliteIncidentStore(SqliteDatabase database) : IIncidentStore
{
    private const string InsertSql = """
        INSERT INTO incidents (id, version, state, opened_at, json) VALUES ($id, 1, $state, $opened, $json)
        ON CONFLICT (id) DO NOTHING;
        """;

    private const string ReplaceSql = """
        UPDATE incidents SET version = version + 1, state = $state, opened_at = $opened, json = $json
        WHERE id = $id AND version = $version
        RETURNING version;
        """;

    private const string UnbindSql = "DELETE FROM incident_conversations WHERE incident_id = $id;";

    private const string BindSql = """
        INSERT INTO incident_conversations (platform, conversation_id, incident_id) VALUES ($platform, $conversation, $id)
        ON CONFLICT DO NOTHING;
        """;

    private const string GetSql = "SELECT version, json FROM incidents WHERE id = $id;";

    private const string FindSql = """
        SELECT i.version, i.json FROM incident_conversations c JOIN incidents i ON i.id = c.incident_id
        WHERE c.platform = $platform AND c.conversation_id = $conversation AND i.state = 'Open'
        ORDER BY i.opened_at DESC, i.id
        LIMIT 1;
        """;

    private const string ListByConversationSql = """
        SELECT i.version, i.json FROM incident_conversations c JOIN incidents i ON i.id = c.incident_id
        WHERE c.platform = $platform AND c.conversation_id = $conversation AND i.state = 'Open'
        ORDER BY i.opened_at, i.id;
        """;

    private const string ListOpenSql = "SELECT version, json FROM incidents WHERE state = 'Open' ORDER BY opened_at, id;";

    public async Task<Incident?> TryCreateAsync(Incident incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var json = SqliteValues.Serialize(incident with { ETag = null }, CoreJsonContext.Default.Incident);
        return await database.WriteAsync<Incident?>(
            connection =>
            {
                var inserted = connection.Command(InsertSql)
                    .With("$id", incident.Id)
                    .With("$state", incident.State.ToString())
                    .With("$opened", SqliteValues.Ticks(incident.OpenedAt))
                    .With("$json", json)
                    .ExecuteNonQuery();
                if (inserted == 0)
                {
                    return null;
                }

                Bind(connection, incident);
                return incident with { ETag = SqliteValues.ETag(1) };
            },
            cancellationToken);
    }

    public Task<Incident?> GetAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        return Task.FromResult(ReadOne(lease.Command(GetSql).With("$id", id)));
    }

    public async Task<Incident?> TryReplaceAsync(Incident updated, string expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        if (!SqliteValues.TryParseETag(expectedETag, out var version))
        {
            return null;
        }

        var json = SqliteValues.Serialize(updated with { ETag = null }, CoreJsonContext.Default.Incident);
        return await database.WriteAsync<Incident?>(
            connection =>
            {
                var result = connection.Command(ReplaceSql)
                    .With("$id", updated.Id)
                    .With("$version", version)
                    .With("$state", updated.State.ToString())
                    .With("$opened", SqliteValues.Ticks(updated.OpenedAt))
                    .With("$json", json)
                    .ExecuteScalar();
                if (result is not long newVersion)
                {
                    return null;
                }

                connection.Command(UnbindSql).With("$id", updated.Id).ExecuteNonQuery();
                Bind(connection, updated);
                return updated with { ETag = SqliteValues.ETag(newVersion) };
            },
            cancellationToken);
    }

    public Task<Incident?> FindOpenByConversationAsync(ChatPlatform platform, string conversationId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        return Task.FromResult(ReadOne(lease.Command(FindSql).With("$platform", platform.ToString()).With("$conversation", conversationId)));
    }

    public Task<IReadOnlyList<Incident>> ListOpenByConversationAsync(ChatPlatform platform, string conversationId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        return Task.FromResult<IReadOnlyList<Incident>>(ReadAll(lease.Command(ListByConversationSql).With("$platform", platform.ToString()).With("$conversation", conversationId)));
    }

    public Task<IReadOnlyList<Incident>> ListOpenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        return Task.FromResult<IReadOnlyList<Incident>>(ReadAll(lease.Command(ListOpenSql)));
    }

    private static List<Incident> ReadAll(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var incidents = new List<Incident>();
        while (reader.Read())
        {
            incidents.Add(ReadIncident(reader));
        }

        return incidents;
    }

    private static void Bind(PooledConnection connection, Incident incident)
    {
        foreach (var conversation in incident.Conversations)
        {
            connection.Command(BindSql)
                .With("$platform", conversation.Platform.ToString())
                .With("$conversation", conversation.ConversationId)
                .With("$id", incident.Id)
                .ExecuteNonQuery();
        }
    }

    private static Incident? ReadOne(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadIncident(reader) : null;
    }

    private static Incident ReadIncident(SqliteDataReader reader) =>
        SqliteValues.Deserialize(reader, 1, CoreJsonContext.Default.Incident) with { ETag = SqliteValues.ETag(reader.GetInt64(0)) };
}
