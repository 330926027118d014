namespace ChatNetOps.Storage.Sqlite.Queues;

using ChatNetOps.Core;
using ChatNetOps.Core.Queues;
using ChatNetOps.Storage.Sqlite.Database;
using Microsoft.Extensions.Logging;

/// <summary>The chat adapters' durable hand-off (queue <c>chat-work</c>): MessageId = work id, expiry = the work's own.</summary>
internal sealed class SqliteChatWorkQueue(SqliteDatabase database, ILogger<SqliteChatWorkQueue>? logger = null)
    : SqliteMessageQueue<ChatWorkMessage>(database, "chat-work", CoreJsonContext.Default.ChatWorkMessage, logger), IChatWorkQueue
{
    protected override string IdOf(ChatWorkMessage message) => message.WorkId;

    protected override DateTimeOffset? ExpiresAt(ChatWorkMessage message) => message.ExpiresAt;
}
