namespace ChatNetOps.Storage.Sqlite.Channels;

using ChatNetOps.Core;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Policy;
using ChatNetOps.Storage.Sqlite.Database;

/// <summary>One row per (platform, conversation); a save replaces the row.</summary>
internal sealed class SqliteConversationEndpointStore(SqliteDatabase database) : IConversationEndpointStore
{
    private const string UpsertSql = """
        INSERT INTO conversation_endpoints (platform, conversation_id, json) VALUES ($platform, $conversation, $json)
        ON CONFLICT (platform, conversation_id) DO UPDATE SET json = excluded.json;
        """;

    private const string GetSql = "SELECT json FROM conversation_endpoints WHERE platform = $platform AND conversation_id = $conversation;";

    public async Task SaveAsync(ConversationEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var json = SqliteValues.Serialize(endpoint, CoreJsonContext.Default.ConversationEndpoint);
        await database.WriteAsync(
            connection => connection.Command(UpsertSql)
                .With("$platform", endpoint.Platform.ToString())
                .With("$conversation", endpoint.ConversationId)
                .With("$json", json)
                .ExecuteNonQuery(),
            cancellationToken);
    }

    public Task<ConversationEndpoint?> GetAsync(ChatPlatform platform, string conversationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        using var reader = lease.Command(GetSql).With("$platform", platform.ToString()).With("$conversation", conversationId).ExecuteReader();
        return Task.FromResult(reader.Read() ? SqliteValues.Deserialize(reader, 0, CoreJsonContext.Default.ConversationEndpoint) : null);
    }
}
