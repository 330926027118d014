namespace ChatNetOps.Core.Tests.Audit;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Audit.Checkpoints;
using ChatNetOps.Testing;
using ChatNetOps.Testing.Audit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

/// <summary>
/// Each attack on a stored audit trail by someone who can write to the audit store (and, for the last ones, to a
/// checkpoint log that is not WORM), detected and named by <see cref="AuditVerifier"/> against the keyed checkpoints.
/// </summary>
public sealed class AnchoredChainAttackTests : IDisposable
{
    private const string Incident = "INC-500";
    private const string Other = "INC-501";
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly FakeTimeProvider _time = TestData.Clock();
    private readonly MemoryAuditStore _store = new();
    private readonly MemoryCheckpointSink _sink = new();
    private readonly StaticAuditKeyRing _keys = new();
    private readonly AuditCheckpointLog _log;
    private readonly AuditAnchor _anchor;
    private readonly AuditTrail _trail;

    public AnchoredChainAttackTests()
    {
        _log = new AuditCheckpointLog(_sink, _keys);
        _anchor = new AuditAnchor(_log, _store, Options.Create(new AuditCheckpointOptions { EveryEvents = 1000 }), _time, NullLogger<AuditAnchor>.Instance);
        _trail = new AuditTrail(_store, _time, _anchor);
    }

    public void Dispose()
    {
        _anchor.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task Untouched_IsIntactAndAnchoredUpToTheLastEvent()
    {
        await RecordAsync(10);

        var report = await VerifyAsync();

        Assert.True(report.IsIntact);
        var chain = report.Chains.Single(c => c.Partition == Incident);
        Assert.Equal(10, chain.AnchoredThrough);
        Assert.Equal(0, report.NotYetAnchored);
    }

    [Fact]
    public async Task EventsAfterTheLastCheckpoint_AreIntactButNotYetAnchored()
    {
        await RecordAsync(10);
        for (var i = 0; i < 3; i++)
        {
            await _trail.AppendAsync(TestData.AuditEntry(incident: Incident), Ct);
        }

        var report = await VerifyAsync();

        Assert.True(report.IsIntact);
        var chain = report.Chains.Single(c => c.Partition == Incident);
        Assert.Equal(10, chain.AnchoredThrough);
        Assert.Equal(3, chain.NotYetAnchored);
    }

    [Fact]
    public async Task EditedEvent_IsNamedAsAltered()
    {
        await RecordAsync(10);
        Replace(4, e => e with { Device = "mallory-fw" });

        var chain = await BrokenChainAsync();

        Assert.Equal(5, chain.FirstBroken?.Sequence);
        Assert.Contains("altered", chain.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletedMiddleEvent_IsNamedAsMissing()
    {
        await RecordAsync(10);
        Events(Incident).RemoveAt(4);

        var chain = await BrokenChainAsync();

        Assert.Contains("event 5 is missing (deleted from the chain)", chain.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReorderedEvents_AreNamedAsOutOfOrder()
    {
        await RecordAsync(10);
        var events = Events(Incident);
        (events[3], events[4]) = (events[4], events[3]);

        var chain = await BrokenChainAsync();

        Assert.Contains("out of order", chain.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletedTail_IsNamedAsTruncated_ThoughTheShorterChainChecksItself()
    {
        await RecordAsync(10);
        Events(Incident).RemoveRange(7, 3);

        // Without the checkpoints the shorter chain is a perfectly valid chain: this is what anchoring adds.
        Assert.True((await new AuditVerifier(_trail).VerifyAsync(Incident, Ct)).IsIntact);
        var chain = await BrokenChainAsync();

        Assert.Contains("tail truncated", chain.Problem, StringComparison.Ordinal);
        Assert.Contains("events 8..10 were deleted", chain.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletedPartition_IsNamedAsMissing()
    {
        await RecordAsync(10);
        _store.Partitions.Remove(Other);

        var report = await VerifyAsync();

        Assert.False(report.IsIntact);
        var missing = Assert.Single(report.Missing);
        Assert.Equal(Other, missing.Partition);
        Assert.Contains("deleted", missing.Problem, StringComparison.Ordinal);
        Assert.All(report.Chains, c => Assert.True(c.IsIntact));
    }

    [Fact]
    public async Task RewrittenWithRecomputedHashes_IsNamedAsRewritten_ThoughEveryHashChecks()
    {
        await RecordAsync(5);
        for (var i = 0; i < 5; i++)
        {
            await _trail.AppendAsync(TestData.AuditEntry(incident: Incident), Ct);
        }

        await _anchor.CheckpointAsync(AuditCheckpointReason.Requested, Ct);

        // Change event 7 and recompute every hash from it on, as anyone can: the canonical form and SHA-256 are public.
        RewriteFrom(6, e => e with { Actor = TestData.Actor("mallory") });

        Assert.True((await new AuditVerifier(_trail).VerifyAsync(Incident, Ct)).IsIntact);
        var chain = await BrokenChainAsync();

        Assert.Equal(10, chain.FirstBroken?.Sequence);
        Assert.Contains("rewritten", chain.Problem, StringComparison.Ordinal);
        Assert.Contains("after event 5, at or before event 10", chain.Problem, StringComparison.Ordinal);
        Assert.Equal(5, chain.AnchoredThrough);
    }

    [Fact]
    public async Task ReplayedOldCheckpoint_IsNamed_AndTheTruncationItWouldHideStillIs()
    {
        await RecordAsync(5);
        for (var i = 0; i < 5; i++)
        {
            await _trail.AppendAsync(TestData.AuditEntry(incident: Incident), Ct);
        }

        await _anchor.CheckpointAsync(AuditCheckpointReason.Requested, Ct);
        Events(Incident).RemoveRange(5, 5);

        // The log cannot be rewritten (WORM), so the attacker appends the first checkpoint again, which anchors event 5 only.
        _sink.Records.Add(_sink.Records[0]);

        var report = await VerifyAsync();

        var problem = Assert.Single(report.Checkpoints.Problems);
        Assert.Equal(3, problem.Position);
        Assert.Contains("old checkpoint replayed", problem.Problem, StringComparison.Ordinal);
        Assert.Contains("tail truncated", report.Chains.Single(c => c.Partition == Incident).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckpointForgedWithAnotherKey_IsNamed_AndDoesNotAnchorTheRewrite()
    {
        await RecordAsync(10);
        RewriteFrom(2, e => e with { Device = "mallory-fw" });
        var state = await AuditCheckpointLog.VerifyAsync(_sink, _keys, Ct);
        var head = _store.Partitions[Incident][^1];
        var forgingKey = StaticAuditKeyRing.Random();
        var forged = AuditCheckpointCodec.Sign(
            state.Latest! with
            {
                Sequence = 2,
                Heads = [new ChainHead(Incident, head.Sequence, head.Hash)],
                Full = false,
                State = AuditCheckpointCodec.StateHash([.. state.Heads.Values.Where(h => h.Partition != Incident), new ChainHead(Incident, head.Sequence, head.Hash)]),
                Previous = state.Latest!.Mac,
                KeyId = forgingKey.Id,
            },
            forgingKey);
        _sink.Records.Add(AuditCheckpointCodec.ToRecord(forged));

        var report = await VerifyAsync();

        Assert.Contains(report.Checkpoints.Problems, p => p.Problem.Contains("does not hold: it cannot be verified", StringComparison.Ordinal));
        Assert.Contains("rewritten", report.Chains.Single(c => c.Partition == Incident).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckpointAlteredWithoutTheKey_IsNamedAsForged()
    {
        await RecordAsync(10);
        var text = System.Text.Encoding.UTF8.GetString(_sink.Records[0]);
        var head = _store.Partitions[Incident][^1];
        _sink.Records[0] = System.Text.Encoding.UTF8.GetBytes(text.Replace(head.Hash, new string('0', head.Hash.Length), StringComparison.Ordinal));

        var report = await VerifyAsync();

        var problem = Assert.Single(report.Checkpoints.Problems);
        Assert.Contains("MAC does not verify", problem.Problem, StringComparison.Ordinal);
        Assert.False(report.IsIntact);
    }

    [Fact]
    public async Task ClosingAnIncident_WritesACheckpointAtOnce()
    {
        await _trail.AppendAsync(TestData.AuditEntry(AuditKind.IncidentOpened, incident: Incident), Ct);
        Assert.Empty(_sink.Records);

        await _trail.AppendAsync(TestData.AuditEntry(AuditKind.IncidentClosed, incident: Incident), Ct);

        var record = Assert.Single(_sink.Records);
        var checkpoint = AuditCheckpointCodec.TryParse(record, out _)!;
        Assert.Equal(2, checkpoint.Heads.Single(h => h.Partition == Incident).Sequence);
    }

    [Fact]
    public async Task EveryNEvents_APartitionSignalsACheckpoint()
    {
        using var log = new AuditCheckpointLog(_sink, _keys);
        using var anchor = new AuditAnchor(log, _store, Options.Create(new AuditCheckpointOptions { EveryEvents = 3 }), _time, NullLogger<AuditAnchor>.Instance);
        var trail = new AuditTrail(_store, _time, anchor);
        var due = anchor.WaitUntilDueAsync(Ct);
        await trail.AppendAsync(TestData.AuditEntry(incident: Incident), Ct);
        await trail.AppendAsync(TestData.AuditEntry(incident: Incident), Ct);
        Assert.False(due.IsCompleted);

        await trail.AppendAsync(TestData.AuditEntry(incident: Incident), Ct);

        await due.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(1, anchor.PendingPartitions);
        await anchor.CheckpointAsync(AuditCheckpointReason.Events, Ct);
        Assert.Equal(0, anchor.PendingPartitions);
    }

    private async Task RecordAsync(int events)
    {
        for (var i = 0; i < events; i++)
        {
            await _trail.AppendAsync(TestData.AuditEntry(incident: Incident), Ct);
        }

        for (var i = 0; i < 3; i++)
        {
            await _trail.AppendAsync(TestData.AuditEntry(incident: Other), Ct);
        }

        Assert.NotNull(await _anchor.CheckpointAsync(AuditCheckpointReason.Requested, Ct));
    }

    private List<AuditEvent> Events(string partition) => _store.Partitions[partition];

    private void Replace(int index, Func<AuditEvent, AuditEvent> change) => Events(Incident)[index] = change(Events(Incident)[index]);

    private void RewriteFrom(int index, Func<AuditEvent, AuditEvent> change)
    {
        var events = Events(Incident);
        for (var i = index; i < events.Count; i++)
        {
            var changed = (i == index ? change(events[i]) : events[i]) with { PreviousHash = events[i - 1].Hash, Hash = string.Empty };
            events[i] = changed with { Hash = AuditHasher.ComputeHash(changed) };
        }
    }

    private async Task<AuditReport> VerifyAsync()
    {
        var state = await AuditCheckpointLog.VerifyAsync(_sink, _keys, Ct);
        return await new AuditVerifier(_trail).VerifyAllAsync(state, Ct);
    }

    private async Task<ChainVerification> BrokenChainAsync()
    {
        var report = await VerifyAsync();
        Assert.False(report.IsIntact);
        var chain = report.Chains.Single(c => c.Partition == Incident);
        Assert.False(chain.IsIntact);
        Assert.True(report.Chains.Single(c => c.Partition == Other).IsIntact);
        return chain;
    }
}
