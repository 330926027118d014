namespace ChatNetOps.Storage.Sqlite.Tests.Durability;

using System.Diagnostics;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Locks;
using ChatNetOps.Storage.Sqlite.Audit;
using ChatNetOps.Storage.Sqlite.Locks;
using ChatNetOps.Storage.Sqlite.Queues;
using ChatNetOps.Storage.Sqlite.Tests.Database;
using ChatNetOps.Testing;

/// <summary>
/// Two databases opened on one file behave like two processes (a bot and a worker): separate connections, separate
/// in-process locks and signals, only SQLite's own locking between them.
/// </summary>
public sealed class SharedFileTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task TryAcquire_HundredCallersAcrossTwoProcesses_ExactlyOneWins()
    {
        var time = TestData.Clock();
        var stores = new[] { new SqliteDeviceLockStore(_file.Open(time)), new SqliteDeviceLockStore(_file.Open(time)) };
        var now = time.GetUtcNow();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() =>
            stores[i % 2].TryAcquireAsync(TestData.Lock("lab-fw1", $"REQ-{i:D3}"), now, Ct))));

        var winner = Assert.Single(outcomes.OfType<LockAcquisition.Acquired>());
        Assert.All(outcomes.OfType<LockAcquisition.Held>(), h => Assert.Equal(winner.Lock.RequestId, h.Holder.RequestId));
        Assert.Equal(99, outcomes.OfType<LockAcquisition.Held>().Count());
    }

    [Fact]
    public async Task TryAcquire_RacingTakeOversAcrossTwoProcesses_ExactlyOneWins()
    {
        var time = TestData.Clock();
        var stores = new[] { new SqliteDeviceLockStore(_file.Open(time)), new SqliteDeviceLockStore(_file.Open(time)) };
        var stale = TestData.Lock("lab-fw1");
        await stores[0].TryAcquireAsync(stale, time.GetUtcNow(), Ct);
        time.Advance(TimeSpan.FromHours(1));
        var now = time.GetUtcNow();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            stores[i % 2].TryAcquireAsync(TestData.Lock("lab-fw1", $"REQ-{i:D3}", acquiredAt: now), now, Ct))));

        var winner = Assert.Single(outcomes.OfType<LockAcquisition.Acquired>());
        Assert.Equal(stale.RequestId, winner.TookOver?.RequestId);
    }

    [Fact]
    public async Task AuditTrail_TwoProcessesAppendingToOnePartition_LeaveAGapFreeChain()
    {
        var time = TestData.Clock();
        var trails = new[]
        {
            new AuditTrail(new SqliteAuditStore(_file.Open(time)), time),
            new AuditTrail(new SqliteAuditStore(_file.Open(time)), time),
        };

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                await trails[writer % 2].AppendAsync(TestData.AuditEntry(incident: "INC-SHARED", device: $"dev-{writer}-{i}"), Ct);
            }
        })));

        var verification = await new AuditVerifier(trails[0]).VerifyAsync("INC-SHARED", Ct);
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(320, verification.Events);
    }

    [Fact]
    public async Task ReceiveWithAWait_JobQueuedByAnotherProcess_IsSeenAtTheNextPoll()
    {
        var time = TestData.Clock();
        var bot = new SqliteJobQueue(_file.Open(time));
        var worker = new SqliteJobQueue(_file.Open(time, o => o.QueuePollInterval = TimeSpan.FromSeconds(1)));
        var receive = worker.ReceiveAsync(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), Ct);

        // No in-process signal crosses processes: the receiver finds the job at a poll. Whether its first poll runs
        // before or after the enqueue commits is up to the scheduler (under load it can be after), so only the
        // outcome is asserted: found, and found long before the one-minute wait ran out.
        await bot.EnqueueAsync(TestData.Job("JOB-X"), Ct);

        // Step the clock one poll at a time until the receiver's next poll finds the job (bounded in real time).
        var guard = Stopwatch.StartNew();
        while (!receive.IsCompleted && guard.Elapsed < TimeSpan.FromSeconds(20))
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(receive, Task.Delay(TimeSpan.FromMilliseconds(50)));
        }

        Assert.Equal("JOB-X", (await receive.WaitAsync(TimeSpan.FromSeconds(1)))?.Message.JobId);
        Assert.True(time.GetUtcNow() - TestData.Epoch < TimeSpan.FromMinutes(1), "the job was found by polling, not by the wait running out");
    }
}
