namespace ChatNetOps.Storage.Sqlite.Tests.Queues;

using ChatNetOps.Core.Queues;
using ChatNetOps.Storage.Sqlite.Queues;
using ChatNetOps.Storage.Sqlite.Tests.Database;
using ChatNetOps.Testing.Queues;
using Microsoft.Extensions.Time.Testing;

public sealed class SqliteChatWorkQueueTests : ChatWorkQueueContract, IDisposable
{
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    protected override Task<IMessageQueue<ChatWorkMessage>> CreateQueueAsync(FakeTimeProvider time, int maxDeliveryCount) =>
        Task.FromResult<IMessageQueue<ChatWorkMessage>>(new SqliteChatWorkQueue(_file.Open(time, o => o.MaxDeliveryCount = maxDeliveryCount)));
}
