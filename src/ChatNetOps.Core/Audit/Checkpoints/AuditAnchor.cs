namespace ChatNetOps.Core.Audit.Checkpoints;

using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// Anchors the audit chains this process appends to: <see cref="AuditTrail"/> reports every appended event
/// (<see cref="Observe"/>), and a checkpoint committing the new heads is appended to the checkpoint log as soon as a
/// partition has <see cref="AuditCheckpointOptions.EveryEvents"/> events not yet anchored, when an incident closes, at
/// every <see cref="AuditCheckpointOptions.Interval"/> tick while anything is pending (<see cref="AuditAnchorService"/>)
/// and when the host stops. A checkpoint carries forward every head the log already anchors, so it commits the head of
/// every partition any writer anchored. Only heads this process appended itself are anchored: an event someone wrote into
/// the store behind the trail's back stays "not yet anchored" until an honest append builds on it. The very first
/// checkpoint of a log adopts the store's existing chains, each verified first (<see cref="AuditCheckpointReason.Adopted"/>).
/// </summary>
public sealed partial class AuditAnchor : IDisposable
{
    private const int MaxAttempts = 32;

    private static readonly Counter<long> Written = Telemetry.Meter.CreateCounter<long>("chatnetops.audit.checkpoints", description: "Audit checkpoints written");
    private static readonly Histogram<double> Duration = Telemetry.Meter.CreateHistogram<double>("chatnetops.audit.checkpoint.duration", "ms", "Time to read the log's new records, sign and append one checkpoint");

    private readonly AuditCheckpointLog _log;
    private readonly IAuditStore _store;
    private readonly AuditCheckpointOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AuditAnchor> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _due = new(0, 1);
    private readonly string _writer = $"{Environment.MachineName}/{Environment.ProcessId}";
    private int _problemsLogged;

    public AuditAnchor(AuditCheckpointLog log, IAuditStore store, IOptions<AuditCheckpointOptions> options, TimeProvider time, ILogger<AuditAnchor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _log = log;
        _store = store;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public IAuditCheckpointSink Sink => _log.Sink;

    public IAuditKeyRing Keys => _log.Keys;

    public AuditCheckpointOptions Options => _options;

    public void Dispose() => _due.Dispose();

    /// <summary>Partitions with events this process appended that no checkpoint anchors yet.</summary>
    public int PendingPartitions
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>When the last checkpoint attempt failed and why (cleared by the next success); for /readyz.</summary>
    public (DateTimeOffset Since, string Problem)? Failing { get; private set; }

    /// <summary>Records an event the trail appended; signals a checkpoint when its partition reached the event count.</summary>
    public void Observe(AuditEvent appended)
    {
        ArgumentNullException.ThrowIfNull(appended);
        bool due;
        lock (_gate)
        {
            if (!_pending.TryGetValue(appended.Partition, out var pending))
            {
                _pending[appended.Partition] = pending = new Pending();
            }

            if (appended.Sequence > pending.Sequence)
            {
                pending.Sequence = appended.Sequence;
                pending.Hash = appended.Hash;
            }

            pending.Count++;
            due = pending.Count >= _options.EveryEvents;
        }

        if (due)
        {
            Signal();
        }
    }

    /// <summary>
    /// Writes a checkpoint now when anything this process appended is not anchored yet (or the log is empty and the store
    /// is not); returns it, or null when there was nothing to anchor. Throws when the log cannot be read or appended to.
    /// </summary>
    public Task<AuditCheckpoint?> CheckpointAsync(AuditCheckpointReason reason, CancellationToken cancellationToken) =>
        _log.InTurnAsync(() => CheckpointInTurnAsync(reason, cancellationToken), cancellationToken);

    /// <summary>As <see cref="CheckpointAsync"/>, logging a failure instead of throwing it (the pending heads stay pending).</summary>
    public async Task<AuditCheckpoint?> TryCheckpointAsync(AuditCheckpointReason reason, CancellationToken cancellationToken)
    {
        try
        {
            return await CheckpointAsync(reason, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Failing ??= (_time.GetUtcNow(), e.Message);
            Log.CheckpointFailed(_logger, e, reason, Sink.Description);
            return null;
        }
    }

    /// <summary>Completes when a partition reached the event count since the last wait.</summary>
    internal Task WaitUntilDueAsync(CancellationToken cancellationToken) => _due.WaitAsync(cancellationToken);

    private void Signal()
    {
        lock (_gate)
        {
            if (_due.CurrentCount == 0)
            {
                _due.Release();
            }
        }
    }

    private async Task<AuditCheckpoint?> CheckpointInTurnAsync(AuditCheckpointReason reason, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var state = await _log.RefreshInTurnAsync(null, cancellationToken);
            LogNewProblems(state);

            Dictionary<string, ChainHead> mine;
            lock (_gate)
            {
                mine = _pending.ToDictionary(p => p.Key, p => new ChainHead(p.Key, p.Value.Sequence, p.Value.Hash), StringComparer.Ordinal);
            }

            var changes = new Dictionary<string, ChainHead>(StringComparer.Ordinal);
            foreach (var head in mine.Values)
            {
                if (state.Heads.TryGetValue(head.Partition, out var anchored) && anchored.Sequence >= head.Sequence)
                {
                    if (anchored.Sequence == head.Sequence && !string.Equals(anchored.Hash, head.Hash, StringComparison.Ordinal))
                    {
                        Log.ForkedHead(_logger, head.Partition, head.Sequence);
                    }

                    continue;
                }

                changes[head.Partition] = head;
            }

            var adopting = state.ReadThrough == 0;
            if (adopting)
            {
                await AdoptAsync(changes, cancellationToken);
            }

            if (changes.Count == 0)
            {
                Forget(state.Heads);
                return null;
            }

            var heads = new Dictionary<string, ChainHead>(state.Heads, StringComparer.Ordinal);
            foreach (var change in changes.Values)
            {
                heads[change.Partition] = change;
            }

            var position = state.ReadThrough + 1;
            var full = _options.FullEvery <= 1 || position % _options.FullEvery == 1;
            var key = await Keys.GetSigningKeyAsync(cancellationToken);
            var checkpoint = AuditCheckpointCodec.Sign(
                new AuditCheckpoint(
                    position,
                    _time.GetUtcNow(),
                    adopting ? AuditCheckpointReason.Adopted : reason,
                    _writer,
                    full,
                    [.. (full ? heads.Values : changes.Values).OrderBy(h => h.Partition, StringComparer.Ordinal)],
                    heads.Count,
                    AuditCheckpointCodec.StateHash(heads.Values),
                    state.PreviousMac,
                    key.Id,
                    string.Empty),
                key);
            if (await Sink.TryAppendAsync(position, AuditCheckpointCodec.ToRecord(checkpoint), cancellationToken))
            {
                _log.Accept(position, $"checkpoint {position}", checkpoint);
                Forget(heads);
                Failing = null;
                var elapsed = Stopwatch.GetElapsedTime(started);
                Written.Add(1);
                Duration.Record(elapsed.TotalMilliseconds);
                Log.Written(_logger, position, checkpoint.Reason, changes.Count, heads.Count, elapsed.TotalMilliseconds);
                return checkpoint;
            }

            // Another writer took the position: read what it wrote and try again after it.
        }

        throw new InvalidOperationException(
            $"Could not append an audit checkpoint to {Sink.Description}: {MaxAttempts} attempts lost the race for the next position; the checkpoint log is being written faster than it can be read.");
    }

    private async Task AdoptAsync(Dictionary<string, ChainHead> changes, CancellationToken cancellationToken)
    {
        foreach (var partition in await _store.ListPartitionsAsync(cancellationToken))
        {
            if (changes.ContainsKey(partition))
            {
                continue;
            }

            var recent = new Queue<AuditEvent>(4);
            var verification = await AuditVerifier.VerifyChainAsync(partition, Track(_store.ReadAsync(partition, cancellationToken), recent), [], cancellationToken);
            if (!verification.IsIntact)
            {
                Log.AdoptedUpToBreak(_logger, partition, verification.Events, verification.Problem ?? string.Empty);
            }

            // The verifier reads one event ahead, so the last verified one is among the last few read.
            if (verification.Events > 0 && recent.FirstOrDefault(e => e.Sequence == verification.Events) is { } head)
            {
                changes[partition] = new ChainHead(partition, head.Sequence, head.Hash);
            }
        }

        static async IAsyncEnumerable<AuditEvent> Track(IAsyncEnumerable<AuditEvent> source, Queue<AuditEvent> recent)
        {
            await foreach (var e in source)
            {
                if (recent.Count == 3)
                {
                    recent.Dequeue();
                }

                recent.Enqueue(e);
                yield return e;
            }
        }
    }

    private void Forget(IReadOnlyDictionary<string, ChainHead> anchored)
    {
        lock (_gate)
        {
            foreach (var (partition, pending) in _pending.ToList())
            {
                if (!anchored.TryGetValue(partition, out var head))
                {
                    continue;
                }

                if (pending.Sequence <= head.Sequence)
                {
                    _pending.Remove(partition);
                }
                else
                {
                    pending.Count = (int)Math.Min(int.MaxValue, pending.Sequence - head.Sequence);
                }
            }
        }
    }

    private void LogNewProblems(CheckpointState state)
    {
        for (var i = _problemsLogged; i < state.Problems.Count; i++)
        {
            Log.LogProblem(_logger, state.Problems[i].Location, state.Problems[i].Problem);
        }

        _problemsLogged = state.Problems.Count;
    }

    private sealed class Pending
    {
        public long Sequence { get; set; }

        public string Hash { get; set; } = string.Empty;

        public int Count { get; set; }
    }
}
