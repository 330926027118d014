namespace ChatNetOps.Storage.Sqlite.Queues;

using ChatNetOps.Core;
using ChatNetOps.Core.Queues;
using ChatNetOps.Storage.Sqlite.Database;
using Microsoft.Extensions.Logging;

internal sealed class SqliteResultQueue(SqliteDatabase database, ILogger<SqliteResultQueue>? logger = null)
    : SqliteMessageQueue<ResultMessage>(database, "results", CoreJsonContext.Default.ResultMessage, logger), IResultQueue
{
    protected override string IdOf(ResultMessage message) => message.MessageId;
}
