namespace ChatNetOps.Testing.Requests;

using System.Runtime.CompilerServices;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

/// <summary>
/// <see cref="DeviceChangeBackfill"/> on a real backend: the audit trail, request records, projection and marker of one
/// store. Derive; <see cref="CreateReplicasAsync"/> opens <c>count</c> sets of stores over one fresh, empty backing store,
/// as that many bot replicas would. The history is written as the services write it, without the projection
/// (<see cref="ChangeHistory"/>): what a store from before the projection holds.
/// </summary>
public abstract class DeviceChangeBackfillContract
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    protected abstract Task<IReadOnlyList<Replica>> CreateReplicasAsync(FakeTimeProvider time, int count);

    [Fact]
    public async Task AuditHistory_FillsEachDevicesLastStateChangingRun_AsTheJournalRecordsIt()
    {
        var time = TestData.Clock();
        var replica = (await CreateReplicasAsync(time, 1))[0];
        var history = History(replica, time);
        await history.RunAsync("R-OLD00001", ["fw-edge-01"], RequestStatus.Failed, approver: ChangeHistory.Bob, failedDevices: ["fw-edge-01"]);
        time.Advance(TimeSpan.FromMinutes(5));
        var newest = await history.RunAsync("R-NEW00002", ["fw-edge-01"], RequestStatus.Succeeded, approver: ChangeHistory.Bob, incident: "INC-1001");
        time.Advance(TimeSpan.FromMinutes(5));
        await history.RunAsync("R-READ0003", ["fw-edge-01"], RequestStatus.Succeeded, mode: RunbookMode.ReadOnly, runbook: "interface-counters");
        var fanOut = await history.RunAsync("R-FAN00004", ["acc-sw-01", "acc-sw-02"], RequestStatus.Failed, approver: ChangeHistory.Bob, failedDevices: ["acc-sw-02"]);
        // A day later (another day partition), interrupted, nobody had to approve it.
        time.Advance(TimeSpan.FromDays(1));
        var interrupted = await history.RunAsync("R-INT00005", ["core-rtr-01"], RequestStatus.Interrupted);
        Assert.Empty(await replica.Changes.GetAsync(["fw-edge-01", "acc-sw-01", "acc-sw-02", "core-rtr-01"], Ct));

        var done = await Backfill(replica, time).TryRunAsync(Ct);

        Assert.Equal(
            [new DeviceLastChange("fw-edge-01", "R-NEW00002", "interface-shutdown", "succeeded", newest.Result!.FinishedAt, "Carol Castillo", "Bob Brandt")],
            await replica.Changes.GetAsync(["fw-edge-01"], Ct));
        Assert.Equal(
            [new DeviceLastChange("acc-sw-01", "R-FAN00004", "interface-shutdown", "succeeded", fanOut.Result!.FinishedAt, "Carol Castillo", "Bob Brandt"),
             new DeviceLastChange("acc-sw-02", "R-FAN00004", "interface-shutdown", "failed", fanOut.Result.FinishedAt, "Carol Castillo", "Bob Brandt")],
            (await replica.Changes.GetAsync(["acc-sw-01", "acc-sw-02"], Ct)).OrderBy(c => c.Device, StringComparer.Ordinal));
        Assert.Equal(
            [new DeviceLastChange("core-rtr-01", "R-INT00005", "interface-shutdown", "interrupted", interrupted.UpdatedAt, "Carol Castillo", null)],
            await replica.Changes.GetAsync(["CORE-RTR-01"], Ct));

        // Exactly what the journal writes when such a run ends.
        Assert.Equal(RequestJournal.LastChanges(newest), await replica.Changes.GetAsync(["fw-edge-01"], Ct));
        Assert.NotNull(done);
        Assert.True(done.IsDone);
        Assert.Equal((4L, 0L, 0), (done.Runs, done.Skipped, done.BrokenChains));
        Assert.Equal(done, await replica.Marker.GetAsync(Ct));
    }

    [Fact]
    public async Task MoreDevicesThanWaitAtOnce_AreWrittenInBatches_TheNewestWinsAcrossThem()
    {
        var time = TestData.Clock();
        var replica = (await CreateReplicasAsync(time, 1))[0];
        var history = History(replica, time);
        await history.RunAsync("R-D1OLD001", ["dist-sw-01"], RequestStatus.Failed, approver: ChangeHistory.Bob, failedDevices: ["dist-sw-01"]);
        await history.RunAsync("R-D2000002", ["dist-sw-02"], RequestStatus.Succeeded, approver: ChangeHistory.Bob);
        time.Advance(TimeSpan.FromMinutes(1));
        await history.RunAsync("R-D3000003", ["dist-sw-03"], RequestStatus.Succeeded, approver: ChangeHistory.Bob);
        await history.RunAsync("R-D1NEW004", ["dist-sw-01"], RequestStatus.Succeeded, approver: ChangeHistory.Bob);
        await history.RunAsync("R-D4000005", ["dist-sw-04"], RequestStatus.TimedOut, approver: ChangeHistory.Bob);

        var done = await Backfill(replica, time, pendingLimit: 2).TryRunAsync(Ct);

        var last = (await replica.Changes.GetAsync(["dist-sw-01", "dist-sw-02", "dist-sw-03", "dist-sw-04"], Ct)).ToDictionary(c => c.Device, c => (c.RequestId, c.Result));
        Assert.Equal(("R-D1NEW004", "succeeded"), last["dist-sw-01"]);
        Assert.Equal(("R-D2000002", "succeeded"), last["dist-sw-02"]);
        Assert.Equal(("R-D3000003", "succeeded"), last["dist-sw-03"]);
        Assert.Equal(("R-D4000005", "timed out"), last["dist-sw-04"]);
        Assert.Equal(5L, done!.Runs);
        Assert.Equal(5L, done.Recorded);
    }

    [Fact]
    public async Task NewerEntryInTheProjection_IsNotReplaced_ByAnOlderRunFromTheAuditTrail()
    {
        var time = TestData.Clock();
        var replica = (await CreateReplicasAsync(time, 1))[0];
        await History(replica, time).RunAsync("R-OLD00001", ["fw-edge-01"], RequestStatus.Succeeded, approver: ChangeHistory.Bob);
        // Recorded by the journal after the upgrade, before the fill ran: a run that ended later.
        var live = new DeviceLastChange("fw-edge-01", "R-LIVE0009", "bgp-soft-reset", "failed", time.GetUtcNow().AddHours(1), "Dana Diaz", "Bob Brandt");
        await replica.Changes.RecordAsync([live], Ct);

        await Backfill(replica, time).TryRunAsync(Ct);

        Assert.Equal([live], await replica.Changes.GetAsync(["fw-edge-01"], Ct));
    }

    [Fact]
    public async Task Done_IsMarked_ASecondStartReadsNoAuditEvent()
    {
        var time = TestData.Clock();
        var replica = (await CreateReplicasAsync(time, 1))[0];
        var history = History(replica, time);
        await history.RunAsync("R-OLD00001", ["fw-edge-01"], RequestStatus.Succeeded, approver: ChangeHistory.Bob);
        var first = await Backfill(replica, time).TryRunAsync(Ct);
        Assert.NotNull(first);

        // Not announced, so only a new scan of the audit trail would find it.
        time.Advance(TimeSpan.FromMinutes(10));
        await history.RunAsync("R-LATER006", ["fw-edge-01"], RequestStatus.Succeeded, approver: ChangeHistory.Bob);
        var counting = new CountingAuditLog(new AuditTrail(replica.Audit, time));
        var second = Backfill(replica, time, counting);
        var again = await second.TryRunAsync(Ct);

        Assert.Equal(first, again);
        Assert.Equal(first, await second.Completed);
        Assert.Equal((0, 0), (counting.Listings, counting.Reads));
        Assert.Equal("R-OLD00001", Assert.Single(await replica.Changes.GetAsync(["fw-edge-01"], Ct)).RequestId);
    }

    [Fact]
    public async Task TwoReplicasStartingAtOnce_ReadTheAuditTrailOnce()
    {
        var time = TestData.Clock();
        var replicas = await CreateReplicasAsync(time, 2);
        await History(replicas[0], time).RunAsync("R-OLD00001", ["fw-edge-01"], RequestStatus.Succeeded, approver: ChangeHistory.Bob);
        var counting = replicas.Select(r => new CountingAuditLog(new AuditTrail(r.Audit, time))).ToArray();
        var backfills = replicas.Select((r, i) => Backfill(r, time, counting[i], $"replica-{i}")).ToArray();

        var results = await Task.WhenAll(backfills.Select(b => Task.Run(() => b.TryRunAsync(Ct))));

        // One filled; the other found it claimed (null: look again later) or, if it came after, done.
        Assert.Equal(1, counting.Sum(c => c.Listings));
        Assert.Contains(results, r => r is { IsDone: true });
        var marker = await replicas[1].Marker.GetAsync(Ct);
        Assert.True(marker!.IsDone);
        Assert.All(results, r => Assert.True(r is null || r == marker));
        Assert.Equal("R-OLD00001", Assert.Single(await replicas[1].Changes.GetAsync(["fw-edge-01"], Ct)).RequestId);
    }

    [Fact]
    public async Task ClaimOfAReplicaThatDied_IsTakenOver_OnceItRunsOut()
    {
        var time = TestData.Clock();
        var replica = (await CreateReplicasAsync(time, 1))[0];
        await History(replica, time).RunAsync("R-OLD00001", ["fw-edge-01"], RequestStatus.Succeeded, approver: ChangeHistory.Bob);
        var now = time.GetUtcNow();
        Assert.True(await replica.Marker.TryClaimAsync("crashed", now, now + DeviceChangeBackfill.Lease, Ct));
        var counting = new CountingAuditLog(new AuditTrail(replica.Audit, time));
        var backfill = Backfill(replica, time, counting);

        Assert.Null(await backfill.TryRunAsync(Ct));
        Assert.Equal(0, counting.Listings);
        Assert.False(backfill.Completed.IsCompleted);

        time.Advance(DeviceChangeBackfill.Lease);
        var done = await backfill.TryRunAsync(Ct);

        Assert.Equal(backfill.Owner, done!.Owner);
        Assert.Equal("R-OLD00001", Assert.Single(await replica.Changes.GetAsync(["fw-edge-01"], Ct)).RequestId);
    }

    [Fact]
    public async Task ChainFailingVerification_ItsEventsFromTheBreakOnAreNotUsed_ItIsLoggedAndCounted()
    {
        var time = TestData.Clock();
        var replica = (await CreateReplicasAsync(time, 1))[0];
        var history = History(replica, time);
        await history.RunAsync("R-OLD00001", ["fw-edge-01"], RequestStatus.Succeeded, approver: ChangeHistory.Bob, incident: "INC-1001");
        time.Advance(TimeSpan.FromMinutes(5));
        await history.RunAsync("R-OK000007", ["acc-sw-01"], RequestStatus.Succeeded, approver: ChangeHistory.Bob, incident: "INC-1002");

        // Then the chain of INC-1002 breaks: an event whose content no longer matches its hash (it was altered), and
        // after it, linked to it, the end of a newer run on fw-edge-01 whose request record is there too.
        time.Advance(TimeSpan.FromMinutes(5));
        var after = await history.RecordOnlyAsync("R-AFTER008", ["fw-edge-01"], RequestStatus.Succeeded, approver: ChangeHistory.Bob, incident: "INC-1002");
        var head = (await replica.Audit.GetLastAsync("INC-1002", Ct))!;
        var altered = Next(head, AuditKind.Approved, "R-AFTER008", ChangeHistory.Bob, time.GetUtcNow());
        altered = altered with { Actor = ChangeHistory.Carol };
        Assert.True(await replica.Audit.TryAppendAsync(altered, Ct));
        Assert.True(await replica.Audit.TryAppendAsync(Next(altered, AuditKind.Succeeded, "R-AFTER008", ChangeHistory.Worker, time.GetUtcNow()), Ct));
        var logs = new LogEventSignals();

        var done = await Backfill(replica, time, logs: logs).TryRunAsync(Ct);

        Assert.Equal("R-OLD00001", Assert.Single(await replica.Changes.GetAsync(["fw-edge-01"], Ct)).RequestId);
        Assert.Equal("R-OK000007", Assert.Single(await replica.Changes.GetAsync(["acc-sw-01"], Ct)).RequestId);
        Assert.Equal((2L, 1), (done!.Runs, done.BrokenChains));
        await logs.WaitForAsync(1987, "INC-1002", TimeSpan.FromSeconds(10));

        // Its record is there and says it ended later: only the chain check keeps it out.
        Assert.True(RequestJournal.LastChanges((await replica.Requests.GetAsync(after.Id, Ct))!)[0].IsNewerThan(RequestJournal.LastChanges((await replica.Requests.GetAsync("R-OLD00001", Ct))!)[0]));

        AuditEvent Next(AuditEvent previous, AuditKind kind, string requestId, Actor actor, DateTimeOffset at)
        {
            var unsigned = previous with
            {
                Id = $"{previous.Partition}:{previous.Sequence + 1:D10}",
                Sequence = previous.Sequence + 1,
                Timestamp = at,
                Kind = kind,
                Actor = actor,
                RequestId = requestId,
                Runbook = "interface-shutdown",
                Device = "fw-edge-01",
                Details = new Dictionary<string, string>(),
                PreviousHash = previous.Hash,
                Hash = string.Empty,
            };
            return unsigned with { Hash = AuditHasher.ComputeHash(unsigned) };
        }
    }

    [Fact]
    public async Task RunEndWhoseRequestIsNotOnRecord_OrNamesAnotherRunbook_IsSkippedAndCounted()
    {
        var time = TestData.Clock();
        var replica = (await CreateReplicasAsync(time, 1))[0];
        var audit = new AuditTrail(replica.Audit, time);
        await History(replica, time).RunAsync("R-OLD00001", ["fw-edge-01"], RequestStatus.Succeeded, approver: ChangeHistory.Bob);
        time.Advance(TimeSpan.FromMinutes(5));
        await audit.AppendAsync(new AuditEntry(AuditKind.Succeeded, ChangeHistory.Worker) { RequestId = "R-GONE0008", Runbook = "interface-shutdown", Device = "fw-edge-01" }, Ct);
        // A record that ended later, but not with the runbook (or on the device) the verified event names.
        await History(replica, time).RecordOnlyAsync("R-OTHER009", ["fw-edge-01"], RequestStatus.Succeeded, approver: ChangeHistory.Bob);
        await audit.AppendAsync(new AuditEntry(AuditKind.Succeeded, ChangeHistory.Worker) { RequestId = "R-OTHER009", Runbook = "bgp-soft-reset", Device = "fw-edge-01" }, Ct);
        await audit.AppendAsync(new AuditEntry(AuditKind.Succeeded, ChangeHistory.Worker) { RequestId = "R-OTHER009", Runbook = "interface-shutdown", Device = "core-rtr-01" }, Ct);

        var done = await Backfill(replica, time).TryRunAsync(Ct);

        Assert.Equal((1L, 2L), (done!.Runs, done.Skipped));
        Assert.Empty(await replica.Changes.GetAsync(["core-rtr-01"], Ct));
        Assert.Equal("R-OLD00001", Assert.Single(await replica.Changes.GetAsync(["fw-edge-01"], Ct)).RequestId);
    }

    private static ChangeHistory History(Replica replica, FakeTimeProvider time) => new(new AuditTrail(replica.Audit, time), replica.Requests, time);

    private static DeviceChangeBackfill Backfill(Replica replica, FakeTimeProvider time, IAuditLog? audit = null, string? owner = null, LogEventSignals? logs = null, int pendingLimit = DeviceChangeBackfill.MaxPending)
    {
        var logger = new TypedLogger((logs ?? new LogEventSignals()).CreateLogger(nameof(DeviceChangeBackfill)));
        var log = audit ?? new AuditTrail(replica.Audit, time);
        return new DeviceChangeBackfill(log, replica.Requests, replica.Changes, replica.Marker, time, logger)
        {
            Owner = owner ?? "replica-" + Guid.NewGuid().ToString("N")[..8],
            PendingLimit = pendingLimit,
        };
    }

    private sealed class TypedLogger(ILogger inner) : ILogger<DeviceChangeBackfill>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }

    /// <summary>One replica's view of the backing store.</summary>
    public sealed record Replica(IAuditStore Audit, IRequestStore Requests, IDeviceChangeStore Changes, IDeviceChangeBackfillStore Marker);

    /// <summary>The audit log as the fill sees it, counting what it reads.</summary>
    private sealed class CountingAuditLog(IAuditLog inner) : IAuditLog
    {
        public int Listings { get; private set; }

        public int Reads { get; private set; }

        public Task<AuditEvent> AppendAsync(AuditEntry entry, CancellationToken cancellationToken) => inner.AppendAsync(entry, cancellationToken);

        public async IAsyncEnumerable<AuditEvent> ReadAsync(string partition, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Reads++;
            await foreach (var e in inner.ReadAsync(partition, cancellationToken))
            {
                yield return e;
            }
        }

        public Task<IReadOnlyList<string>> ListPartitionsAsync(CancellationToken cancellationToken)
        {
            Listings++;
            return inner.ListPartitionsAsync(cancellationToken);
        }
    }
}
