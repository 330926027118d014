namespace ChatNetOps.Storage.Sqlite.Tests.Database;

using ChatNetOps.Core.Alerts;
using ChatNetOps.Storage.Sqlite.Alerts;
using ChatNetOps.Storage.Sqlite.Database;
using ChatNetOps.Testing;
using ChatNetOps.Testing.Alerts;
using Microsoft.Data.Sqlite;

/// <summary>
/// The writer's group commit, which the alert webhook relies on (answer 2xx only once the notification is committed):
/// writes that arrive while the writer is busy are run together in one transaction, each in its own savepoint, and each
/// caller hears its own outcome only after COMMIT. The writer is held busy by a write that waits for the test's signal,
/// so the writes queued meanwhile are taken as one batch.
/// </summary>
public sealed class GroupCommitTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task WritesQueuedWhileTheWriterIsBusy_ShareOneCommit_AndHAPairDuplicatesInsideIt_ExactlyOneOfEachIsRecorded()
    {
        var time = TestData.Clock();
        var database = _file.Open(time);
        var store = new SqliteAlertStore(database);
        using var hold = HoldWriter(database);

        var records = new[] { "a", "a", "b", "b", "c", "c" }.Select(id => store.RecordAsync(AlertStoreContract.Notification(id, time.GetUtcNow()), Ct)).ToArray();

        // Queued after the records, in the same batch: their rows are written but not yet committed, so a reader
        // connection (what another request sees) finds none of them, while the writer's transaction has all three.
        var seen = database.WriteAsync(connection =>
        {
            using var reader = database.Read();
            var committed = Convert.ToInt32(reader.Command("SELECT COUNT(*) FROM alert_notifications;").ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            var inTransaction = Convert.ToInt32(connection.Command("SELECT COUNT(*) FROM alert_notifications;").ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            return (committed, inTransaction);
        }, Ct);
        Assert.All(records, r => Assert.False(r.IsCompleted));
        hold.Release();

        var outcomes = await Task.WhenAll(records).WaitAsync(Patience);
        Assert.Equal([true, false, true, false, true, false], outcomes);
        Assert.Equal((0, 3), await seen.WaitAsync(Patience));
        Assert.Equal(["a", "b", "c"], (await store.ListPendingAsync(10, Ct)).Select(n => n.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AWriteThatFailsInsideABatch_FailsOnlyItsOwnCaller_AndLeavesNothingOfItself()
    {
        var time = TestData.Clock();
        var database = _file.Open(time);
        var store = new SqliteAlertStore(database);
        using var hold = HoldWriter(database);

        var before = store.RecordAsync(AlertStoreContract.Notification("before", time.GetUtcNow()), Ct);
        var failing = database.WriteAsync<int>(connection =>
        {
            // Half done, then a fault: its savepoint is rolled back, the batch goes on.
            connection.Command("INSERT INTO alert_notifications (source, id, received_at, processed_at, json) VALUES ('Alertmanager', 'half', 0, NULL, '{}');").ExecuteNonQuery();
            return connection.Command("INSERT INTO no_such_table VALUES (1);").ExecuteNonQuery();
        }, Ct);
        var after = store.RecordAsync(AlertStoreContract.Notification("after", time.GetUtcNow()), Ct);
        hold.Release();

        Assert.True(await before.WaitAsync(Patience));
        Assert.True(await after.WaitAsync(Patience));
        await Assert.ThrowsAsync<SqliteException>(() => failing.WaitAsync(Patience));
        Assert.Equal(["after", "before"], (await store.ListPendingAsync(10, Ct)).Select(n => n.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WhenTheFileCannotBeWritten_EveryWaiterFails_NothingIsStored_AndTheWriterRecovers()
    {
        var time = TestData.Clock();
        var database = _file.Open(time, o => o.BusyTimeout = TimeSpan.FromMilliseconds(50));
        var store = new SqliteAlertStore(database);
        using var other = _file.OpenRaw();
        using (var begin = other.CreateCommand())
        {
            // Another process holds the write lock (what an unreachable store looks like to the writer).
            begin.CommandText = "BEGIN IMMEDIATE;";
            begin.ExecuteNonQuery();
        }

        var records = Enumerable.Range(0, 6).Select(i => store.RecordAsync(AlertStoreContract.Notification($"n-{i}", time.GetUtcNow()), Ct)).ToArray();

        foreach (var record in records)
        {
            await Assert.ThrowsAsync<SqliteException>(() => record.WaitAsync(Patience));
        }

        using (var rollback = other.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }

        Assert.Empty(await store.ListPendingAsync(10, Ct));
        Assert.True(await store.RecordAsync(AlertStoreContract.Notification("n-0", time.GetUtcNow()), Ct).WaitAsync(Patience));
    }

    [Fact]
    public async Task AWriteAfterDispose_IsRefused_AndOnesQueuedBeforeAreStillCommitted()
    {
        var time = TestData.Clock();
        var database = _file.Open(time);
        var store = new SqliteAlertStore(database);
        var hold = HoldWriter(database);
        var queued = store.RecordAsync(AlertStoreContract.Notification("queued", time.GetUtcNow()), Ct);

        var disposing = Task.Run(database.Dispose);
        hold.Release();
        await disposing.WaitAsync(Patience);
        hold.Dispose();

        Assert.True(await queued.WaitAsync(Patience));
        // Refused at once (nothing queued that no writer would run): the intake answers 503 and the source retries.
        Assert.Throws<ObjectDisposedException>(() => { _ = store.RecordAsync(AlertStoreContract.Notification("late", time.GetUtcNow()), Ct); });
        Assert.Equal("queued", Assert.Single(await new SqliteAlertStore(_file.Open(time)).ListPendingAsync(10, Ct)).Id);
    }

    /// <summary>Queues a write that blocks the writer until released; returns once the writer is running it.</summary>
    private static WriterHold HoldWriter(SqliteDatabase database)
    {
        var hold = new WriterHold();
        hold.Write = database.WriteAsync(_ =>
        {
            hold.Running.Set();
            return hold.Released.Wait(Patience);
        }, Ct);
        Assert.True(hold.Running.Wait(Patience), "The writer did not start the holding write.");
        return hold;
    }

    private sealed class WriterHold : IDisposable
    {
        public ManualResetEventSlim Running { get; } = new();

        public ManualResetEventSlim Released { get; } = new();

        public Task<bool> Write { get; set; } = Task.FromResult(false);

        public void Release() => Released.Set();

        public void Dispose()
        {
            Released.Set();
            Write.Wait(Patience);
            Running.Dispose();
            Released.Dispose();
        }
    }
}
