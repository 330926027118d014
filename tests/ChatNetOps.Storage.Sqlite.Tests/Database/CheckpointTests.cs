namespace ChatNetOps.Storage.Sqlite.Tests.Database;

using System.Buffers.Binary;
using ChatNetOps.Storage.Sqlite.Alerts;
using ChatNetOps.Storage.Sqlite.Database;
using ChatNetOps.Testing;
using ChatNetOps.Testing.Alerts;

/// <summary>
/// WAL checkpoints stay out of the writer's commits (a checkpoint inside a COMMIT would hold up every write queued
/// behind it, the alert webhook's among them): the writer's <c>wal_autocheckpoint</c> is off, a checkpoint runs beside
/// it on a connection of its own after enough committed writes, and once the WAL has grown past its limit the writer
/// copies the rest itself when idle, so the WAL starts over. Checkpoints are observed through the database's
/// <c>Checkpointed</c> signal, raised while the checkpoint still holds its connection.
/// </summary>
public sealed class CheckpointTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    /// <summary>The WAL header's checkpoint sequence number and salts (12 bytes from offset 12).</summary>
    private byte[] WalHeader()
    {
        using var wal = new FileStream(_file.FilePath + "-wal", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var header = new byte[12];
        wal.Position = 12;
        wal.ReadExactly(header);
        return header;
    }

    [Fact]
    public async Task TheWriterNeverCheckpointsInACommit_ACheckpointRunsBesideIt_AndWritesCommitWhileItRuns()
    {
        var time = TestData.Clock();
        var database = _file.OpenCheckpointing(time, checkpointEvery: 4, walRestartFrames: long.MaxValue);
        var store = new SqliteAlertStore(database);
        Assert.Equal(0L, await database.WriteAsync(connection => (long)connection.Command("PRAGMA wal_autocheckpoint;").ExecuteScalar()!, Ct));

        using var running = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var checkpoints = new List<WalCheckpoint>();
        database.Checkpointed += result =>
        {
            lock (checkpoints)
            {
                checkpoints.Add(result);
            }

            running.Set();
            release.Wait(Patience);
        };

        // The PRAGMA above was the first committed write; three more reach the threshold of four.
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await store.RecordAsync(AlertStoreContract.Notification($"before-{i}", time.GetUtcNow()), Ct));
        }

        Assert.True(running.Wait(Patience), "No checkpoint ran after enough committed writes.");

        // The checkpoint is held on its own connection: the writer goes on committing, and no second one starts.
        for (var i = 0; i < 8; i++)
        {
            Assert.True(await store.RecordAsync(AlertStoreContract.Notification($"during-{i}", time.GetUtcNow()), Ct).WaitAsync(Patience));
        }

        WalCheckpoint first;
        lock (checkpoints)
        {
            first = Assert.Single(checkpoints);
        }

        release.Set();
        Assert.False(first.OnWriter);
        Assert.False(first.Busy);
        Assert.True(first.LogFrames > 0 && first.CheckpointedFrames == first.LogFrames, $"The checkpoint copied {first.CheckpointedFrames} of {first.LogFrames} frames.");
        Assert.Equal(11, (await store.ListPendingAsync(100, Ct)).Count);
    }

    [Fact]
    public async Task OnceTheWalIsPastItsLimit_TheWriterCopiesTheRestWhenIdle_AndTheNextWriteStartsTheWalOver()
    {
        var time = TestData.Clock();
        var database = _file.OpenCheckpointing(time, checkpointEvery: 4, walRestartFrames: 1);
        var store = new SqliteAlertStore(database);
        var offWriter = new TaskCompletionSource<WalCheckpoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        var onWriter = new TaskCompletionSource<WalCheckpoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        database.Checkpointed += result => (result.OnWriter ? onWriter : offWriter).TrySetResult(result);

        for (var i = 0; i < 4; i++)
        {
            Assert.True(await store.RecordAsync(AlertStoreContract.Notification($"n-{i}", time.GetUtcNow()), Ct));
        }

        var beside = await offWriter.Task.WaitAsync(Patience);
        Assert.True(beside.LogFrames >= 1);
        Assert.False(onWriter.Task.IsCompleted);

        // The next batch leaves the writer idle: it checkpoints itself, copying everything.
        Assert.True(await store.RecordAsync(AlertStoreContract.Notification("n-4", time.GetUtcNow()), Ct));
        var idle = await onWriter.Task.WaitAsync(Patience);
        Assert.False(idle.Busy);
        Assert.True(idle.LogFrames > 0 && idle.CheckpointedFrames == idle.LogFrames, $"The writer copied {idle.CheckpointedFrames} of {idle.LogFrames} frames.");

        // The next write begins on a fully copied WAL and starts it over: SQLite rewrites the WAL header with the next
        // checkpoint sequence number and new salts (https://www.sqlite.org/fileformat2.html#walformat, bytes 12-23).
        var before = WalHeader();
        Assert.True(await store.RecordAsync(AlertStoreContract.Notification("n-5", time.GetUtcNow()), Ct));
        var after = WalHeader();
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(before) + 1u, BinaryPrimitives.ReadUInt32BigEndian(after));
        Assert.NotEqual(Convert.ToHexString(before.AsSpan(4)), Convert.ToHexString(after.AsSpan(4)));
        Assert.Equal(6, (await store.ListPendingAsync(100, Ct)).Count);
    }
}
