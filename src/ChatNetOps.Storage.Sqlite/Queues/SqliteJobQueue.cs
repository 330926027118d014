namespace ChatNetOps.Storage.Sqlite.Queues;

using ChatNetOps.Core;
using ChatNetOps.Core.Queues;
using ChatNetOps.Storage.Sqlite.Database;

internal sealed class SqliteJobQueue(SqliteDatabase database)
    : SqliteMessageQueue<JobMessage>(database, "jobs", CoreJsonContext.Default.JobMessage), IJobQueue
{
    protected override string IdOf(JobMessage message) => message.JobId;

    protected override DateTimeOffset? ExpiresAt(JobMessage message) => message.ExpiresAt;
}
