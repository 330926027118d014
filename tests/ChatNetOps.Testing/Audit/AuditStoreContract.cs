namespace ChatNetOps.Testing.Audit;

using ChatNetOps.Core.Audit;
using Microsoft.Extensions.Time.Testing;

/// <summary>
/// The behaviour every <see cref="IAuditStore"/> must have, checked directly and through Core's
/// <see cref="AuditTrail"/> and <see cref="AuditVerifier"/>.
/// </summary>
public abstract class AuditStoreContract
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    protected abstract Task<IAuditStore> CreateStoreAsync(FakeTimeProvider time);

    /// <summary>
    /// Changes one stored event behind the store's back (as someone with write access to the database would),
    /// e.g. its device, without fixing its hash.
    /// </summary>
    protected abstract Task TamperAsync(IAuditStore store, AuditEvent stored);

    /// <summary>Deletes one stored event behind the store's back, as someone with write access to the database would.</summary>
    protected abstract Task DeleteAsync(IAuditStore store, AuditEvent stored);

    [Fact]
    public async Task TryAppend_FreeSequence_ReturnsTrue_TakenSequence_ReturnsFalseAndKeepsTheFirst()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var first = TestData.AuditEvent("INC-1");
        var rival = TestData.AuditEvent("INC-1", kind: AuditKind.Denied);

        Assert.True(await store.TryAppendAsync(first, Ct));
        Assert.False(await store.TryAppendAsync(rival, Ct));

        Assert.Equal(first.Hash, (await store.GetLastAsync("INC-1", Ct))?.Hash);
    }

    [Fact]
    public async Task GetLast_ReturnsTheHighestSequence()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        AuditEvent? previous = null;
        for (var i = 0; i < 5; i++)
        {
            var next = TestData.AuditEvent("INC-1", previous);
            await store.TryAppendAsync(next, Ct);
            previous = next;
        }

        var last = await store.GetLastAsync("INC-1", Ct);

        Assert.Equal(5, last?.Sequence);
        Assert.Equal(previous!.Hash, last?.Hash);
    }

    [Fact]
    public async Task GetLast_EmptyPartition_ReturnsNull()
    {
        var store = await CreateStoreAsync(TestData.Clock());

        Assert.Null(await store.GetLastAsync("INC-none", Ct));
    }

    [Fact]
    public async Task Read_ReturnsThePartitionsEventsInSequenceOrder_Exactly()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var trail = new AuditTrail(store, time);
        var appended = new List<AuditEvent>();
        for (var i = 0; i < 5; i++)
        {
            appended.Add(await trail.AppendAsync(TestData.AuditEntry(incident: "INC-1"), Ct));
            await trail.AppendAsync(TestData.AuditEntry(incident: "INC-2"), Ct);
            time.Advance(TimeSpan.FromTicks(1_234_567));
        }

        var read = await ToListAsync(store.ReadAsync("INC-1", Ct));

        Assert.Equal(appended.Select(e => e.Sequence), read.Select(e => e.Sequence));
        for (var i = 0; i < appended.Count; i++)
        {
            AssertJson.Equal(appended[i], read[i]);
            Assert.Equal(appended[i].Hash, AuditHasher.ComputeHash(read[i]));
        }
    }

    [Fact]
    public async Task Read_ManyEvents_StreamsEveryOne()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        AuditEvent? previous = null;
        for (var i = 0; i < 5_000; i++)
        {
            var next = TestData.AuditEvent("INC-BIG", previous);
            Assert.True(await store.TryAppendAsync(next, Ct));
            previous = next;
        }

        long expected = 1;
        await foreach (var e in store.ReadAsync("INC-BIG", Ct))
        {
            Assert.Equal(expected++, e.Sequence);
        }

        Assert.Equal(5_001, expected);
    }

    [Fact]
    public async Task Read_EmptyPartition_YieldsNothing()
    {
        var store = await CreateStoreAsync(TestData.Clock());

        Assert.Empty(await ToListAsync(store.ReadAsync("INC-none", Ct)));
    }

    [Fact]
    public async Task ListPartitions_ListsEveryPartitionOnce()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var trail = new AuditTrail(store, time);
        await trail.AppendAsync(TestData.AuditEntry(incident: "INC-1"), Ct);
        await trail.AppendAsync(TestData.AuditEntry(incident: "INC-1"), Ct);
        await trail.AppendAsync(TestData.AuditEntry(incident: "INC-2"), Ct);
        await trail.AppendAsync(TestData.AuditEntry(incident: null), Ct);

        var partitions = await store.ListPartitionsAsync(Ct);

        Assert.Equal(["INC-1", "INC-2", AuditPartitions.For(null, time.GetUtcNow())], partitions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AuditTrail_EightTrailsFiftyAppendsEachOnOnePartition_LeaveAGapFreeChainThatVerifies()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            // One trail per writer, as separate bot and worker instances would have.
            var trail = new AuditTrail(store, time);
            for (var i = 0; i < 50; i++)
            {
                await trail.AppendAsync(TestData.AuditEntry(incident: "INC-RACE", device: $"dev-{writer}-{i}"), Ct);
            }
        })));

        var events = await ToListAsync(store.ReadAsync("INC-RACE", Ct));
        Assert.Equal(Enumerable.Range(1, 400).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(400, events.Select(e => e.Device).Distinct().Count());
        var verification = await new AuditVerifier(new AuditTrail(store, time)).VerifyAsync("INC-RACE", Ct);
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(400, verification.Events);
    }

    [Fact]
    public async Task AuditTrail_OneSharedTrailEightWritersFiftyAppendsEach_LeaveAGapFreeChainThatVerifies()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var trail = new AuditTrail(store, time);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await trail.AppendAsync(TestData.AuditEntry(incident: "INC-RACE", device: $"dev-{writer}-{i}"), Ct);
            }
        })));

        var verification = await new AuditVerifier(trail).VerifyAsync("INC-RACE", Ct);
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(400, verification.Events);
    }

    [Fact]
    public async Task AuditTrail_HundredConcurrentSingleAppends_LeaveAGapFreeChain()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var trail = new AuditTrail(store, time);

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() => trail.AppendAsync(TestData.AuditEntry(incident: "INC-SHARED"), Ct))));

        var verification = await new AuditVerifier(trail).VerifyAsync("INC-SHARED", Ct);
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(100, verification.Events);
    }

    [Fact]
    public async Task AuditVerifier_OneStoredEventEdited_ReportsThatEvent()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var trail = new AuditTrail(store, time);
        var appended = new List<AuditEvent>();
        for (var i = 0; i < 10; i++)
        {
            appended.Add(await trail.AppendAsync(TestData.AuditEntry(incident: "INC-T"), Ct));
        }

        await TamperAsync(store, appended[4]);
        var results = await new AuditVerifier(trail).VerifyAllAsync(Ct);

        var result = Assert.Single(results);
        Assert.False(result.IsIntact);
        Assert.Equal(5, result.FirstBroken?.Sequence);
        Assert.Equal(4, result.Events);
    }

    [Fact]
    public async Task AnchoredTrail_TailDeletedInTheStore_IsNamedAsTruncated()
    {
        var (store, trail, appended, checkpoints) = await AnchoredAsync();
        foreach (var e in appended.TakeLast(3))
        {
            await DeleteAsync(store, e);
        }

        var report = await new AuditVerifier(trail).VerifyAllAsync(await checkpoints(), Ct);

        Assert.False(report.IsIntact);
        var chain = Assert.Single(report.Chains);
        Assert.Contains("tail truncated", chain.Problem, StringComparison.Ordinal);
        Assert.Contains("events 8..10 were deleted", chain.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnchoredTrail_PartitionDeletedInTheStore_IsNamedAsMissing()
    {
        var (store, trail, appended, checkpoints) = await AnchoredAsync();
        foreach (var e in appended)
        {
            await DeleteAsync(store, e);
        }

        var report = await new AuditVerifier(trail).VerifyAllAsync(await checkpoints(), Ct);

        Assert.False(report.IsIntact);
        Assert.Empty(report.Chains);
        Assert.Equal("INC-T", Assert.Single(report.Missing).Partition);
    }

    [Fact]
    public async Task AnchoredTrail_RewrittenWithRecomputedHashes_IsNamedAsRewritten()
    {
        var (store, trail, appended, checkpoints) = await AnchoredAsync();
        foreach (var e in appended.Skip(4))
        {
            await DeleteAsync(store, e);
        }

        // Events 5..10 again, one changed and every hash recomputed: a chain that checks itself.
        var previous = appended[3];
        foreach (var e in appended.Skip(4))
        {
            var forged = (e.Sequence == 5 ? e with { Device = "forged-device" } : e) with { PreviousHash = previous.Hash, Hash = string.Empty };
            forged = forged with { Hash = AuditHasher.ComputeHash(forged) };
            Assert.True(await store.TryAppendAsync(forged, Ct));
            previous = forged;
        }

        Assert.True((await new AuditVerifier(trail).VerifyAsync("INC-T", Ct)).IsIntact);
        var report = await new AuditVerifier(trail).VerifyAllAsync(await checkpoints(), Ct);

        var chain = Assert.Single(report.Chains);
        Assert.Equal(10, chain.FirstBroken?.Sequence);
        Assert.Contains("rewritten", chain.Problem, StringComparison.Ordinal);
    }

    /// <summary>Ten events on INC-T anchored by one checkpoint in memory; the last item re-reads the checkpoint log.</summary>
    private async Task<(IAuditStore Store, AuditTrail Trail, List<AuditEvent> Appended, Func<Task<Core.Audit.Checkpoints.CheckpointState>> Checkpoints)> AnchoredAsync()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var sink = new MemoryCheckpointSink();
        var keys = new StaticAuditKeyRing();
        var log = new Core.Audit.Checkpoints.AuditCheckpointLog(sink, keys);
        var anchor = new Core.Audit.Checkpoints.AuditAnchor(
            log, store, Microsoft.Extensions.Options.Options.Create(new Core.Audit.Checkpoints.AuditCheckpointOptions()), time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Core.Audit.Checkpoints.AuditAnchor>.Instance);
        var trail = new AuditTrail(store, time, anchor);
        var appended = new List<AuditEvent>();
        for (var i = 0; i < 10; i++)
        {
            appended.Add(await trail.AppendAsync(TestData.AuditEntry(incident: "INC-T"), Ct));
        }

        Assert.NotNull(await anchor.CheckpointAsync(Core.Audit.Checkpoints.AuditCheckpointReason.Requested, Ct));
        return (store, trail, appended, () => Core.Audit.Checkpoints.AuditCheckpointLog.VerifyAsync(sink, keys, Ct));
    }

    private static async Task<List<AuditEvent>> ToListAsync(IAsyncEnumerable<AuditEvent> events)
    {
        var list = new List<AuditEvent>();
        await foreach (var e in events)
        {
            list.Add(e);
        }

        return list;
    }
}
