namespace ChatNetOps.Storage.Sqlite.Queues;

using ChatNetOps.Core;
using ChatNetOps.Core.Queues;
using ChatNetOps.Storage.Sqlite.Database;
using Microsoft.Extensions.Logging;

internal sealed class SqliteJobQueue(SqliteDatabase database, ILogger<SqliteJobQueue>? logger = null)
    : SqliteMessageQueue<JobMessage>(database, "jobs", CoreJsonContext.Default.JobMessage, logger), IJobQueue
{
    protected override string IdOf(JobMessage message) => message.JobId;

    protected override DateTimeOffset? ExpiresAt(JobMessage message) => message.ExpiresAt;
}
