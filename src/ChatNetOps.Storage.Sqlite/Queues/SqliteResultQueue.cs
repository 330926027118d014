namespace ChatNetOps.Storage.Sqlite.Queues;

using ChatNetOps.Core;
using ChatNetOps.Core.Queues;
using ChatNetOps.Storage.Sqlite.Database;

internal sealed class SqliteResultQueue(SqliteDatabase database)
    : SqliteMessageQueue<ResultMessage>(database, "results", CoreJsonContext.Default.ResultMessage), IResultQueue
{
    protected override string IdOf(ResultMessage message) => message.MessageId;
}
