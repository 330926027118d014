namespace ChatNetOps.Core.Audit.Checkpoints;

/// <summary>
/// Reads the checkpoint log from a sink and verifies it record by record: each must parse, sit at the position its own
/// sequence names (a copy of an old checkpoint appended again does not), carry a MAC that verifies with the key it
/// names, link to the last checkpoint before it that verified, move no partition's head back, drop no partition
/// from a full listing, and commit the partition list the checkpoints before it add up to. A record that fails is
/// reported and left out; the ones after it still count when they link to the last good one.
/// One instance follows the log as it grows (<see cref="RefreshAsync"/> reads only the new records); the writer tells it
/// about its own appends (<see cref="Accept"/>).
/// </summary>
/// <param name="fullEvery">Where full checkpoints are (every this many): a first refresh starts at the last one.</param>
/// <param name="keepAnchorPoints">Keep every anchored event, not only each partition's latest head (for naming where a chain was rewritten).</param>
public sealed class AuditCheckpointLog(IAuditCheckpointSink sink, IAuditKeyRing keys, int fullEvery = 1, bool keepAnchorPoints = false) : IDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private Fold? _fold;

    public IAuditCheckpointSink Sink => sink;

    public void Dispose() => _turn.Dispose();

    public IAuditKeyRing Keys => keys;

    /// <summary>Reads the whole log from checkpoint 1, keeping every anchor point: what <c>audit verify</c> does.</summary>
    public static async Task<CheckpointState> VerifyAsync(IAuditCheckpointSink sink, IAuditKeyRing keys, CancellationToken cancellationToken)
    {
        using var log = new AuditCheckpointLog(sink, keys, keepAnchorPoints: true);
        return await log.InTurnAsync(() => log.RefreshInTurnAsync(startAt: 1, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Reads the records added since the last call and returns the state. The first call starts at the last full
    /// checkpoint at or before the end of the log, falling back to checkpoint 1 when that one does not verify.
    /// </summary>
    public Task<CheckpointState> RefreshAsync(CancellationToken cancellationToken) =>
        InTurnAsync(() => RefreshInTurnAsync(startAt: null, cancellationToken), cancellationToken);

    /// <summary>Folds a checkpoint this process just appended at <paramref name="position"/>, without reading it back.</summary>
    internal void Accept(long position, string location, AuditCheckpoint checkpoint)
    {
        var fold = _fold ?? throw new InvalidOperationException("Refresh the log before appending to it.");
        if (position != fold.ReadThrough + 1)
        {
            throw new InvalidOperationException($"Checkpoint {position} does not follow the {fold.ReadThrough} read.");
        }

        fold.Apply(position, location, checkpoint);
    }

    internal async Task<T> InTurnAsync<T>(Func<Task<T>> action, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            return await action();
        }
        finally
        {
            _turn.Release();
        }
    }

    internal async Task<CheckpointState> RefreshInTurnAsync(long? startAt, CancellationToken cancellationToken)
    {
        if (_fold is null)
        {
            var first = startAt ?? await FullStartAsync(cancellationToken);
            var fold = await ReadAsync(new Fold(first, keepAnchorPoints), cancellationToken);
            if (first > 1 && (fold.Latest is null || fold.FirstProblemAtStart))
            {
                // The full checkpoint reading was to start at does not verify: read everything instead.
                fold = await ReadAsync(new Fold(1, keepAnchorPoints), cancellationToken);
            }

            _fold = fold;
        }
        else
        {
            await ReadAsync(_fold, cancellationToken);
        }

        return _fold.Snapshot();
    }

    private async Task<long> FullStartAsync(CancellationToken cancellationToken)
    {
        var last = await sink.ReadLastAsync(cancellationToken);
        return last is null || fullEvery <= 1 ? Math.Max(1, last?.Position ?? 1) : ((last.Position - 1) / fullEvery * fullEvery) + 1;
    }

    private async Task<Fold> ReadAsync(Fold fold, CancellationToken cancellationToken)
    {
        await foreach (var record in sink.ReadAsync(fold.ReadThrough + 1, cancellationToken))
        {
            await fold.ProcessAsync(record, keys, cancellationToken);
        }

        fold.CheckLatestState();
        return fold;
    }

    /// <summary>The verified state being built, one record at a time.</summary>
    private sealed class Fold(long firstPosition, bool keepAnchorPoints)
    {
        private readonly Dictionary<string, ChainHead> _heads = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<AnchorPoint>> _anchors = new(StringComparer.Ordinal);
        private readonly List<CheckpointProblem> _problems = [];
        private string? _stateCheckedFor;

        public long ReadThrough { get; private set; } = firstPosition - 1;

        public AuditCheckpoint? Latest { get; private set; }

        public bool FirstProblemAtStart => _problems.Count > 0 && _problems[0].Position == firstPosition;

        private string? LatestLocation { get; set; }

        private long Verified { get; set; }

        public async Task ProcessAsync(CheckpointRecord record, IAuditKeyRing keys, CancellationToken cancellationToken)
        {
            if (record.Position != ReadThrough + 1)
            {
                Problem(record, $"the log skips from position {ReadThrough} to {record.Position}: records are missing");
            }

            ReadThrough = record.Position;
            var checkpoint = AuditCheckpointCodec.TryParse(record.Content, out var parseProblem);
            if (checkpoint is null)
            {
                Problem(record, $"not a checkpoint ({parseProblem})");
                return;
            }

            if (checkpoint.Sequence != record.Position)
            {
                Problem(record, checkpoint.Sequence < record.Position
                    ? $"holds checkpoint #{checkpoint.Sequence} where #{record.Position} belongs: an old checkpoint replayed (or records before it removed)"
                    : $"holds checkpoint #{checkpoint.Sequence} where #{record.Position} belongs: records before it are missing");
                return;
            }

            var key = await keys.FindAsync(checkpoint.KeyId, cancellationToken);
            if (key is null)
            {
                Problem(record, $"made with key '{checkpoint.KeyId}', which {keys.Description} does not hold: it cannot be verified");
                return;
            }

            if (!AuditCheckpointCodec.HasValidMac(checkpoint, key))
            {
                Problem(record, $"its MAC does not verify with key '{key.Id}': the checkpoint was forged or altered");
                return;
            }

            if (Latest is null)
            {
                if (record.Position == 1 && !string.Equals(checkpoint.Previous, AuditCheckpointCodec.Genesis, StringComparison.Ordinal))
                {
                    Problem(record, "checkpoint 1 does not start the log (its previous link is not the genesis value)");
                    return;
                }

                if (record.Position > 1 && !checkpoint.Full)
                {
                    Problem(record, $"lists only the heads that moved, and no full checkpoint was read before it; read the log from checkpoint 1");
                    return;
                }
            }
            else if (!string.Equals(checkpoint.Previous, Latest.Mac, StringComparison.Ordinal))
            {
                Problem(record, $"does not link to checkpoint #{Latest.Sequence}, the last one before it that verifies: replayed, reordered, or a checkpoint between them is missing");
                return;
            }

            foreach (var head in checkpoint.Heads)
            {
                if (_heads.TryGetValue(head.Partition, out var known))
                {
                    if (head.Sequence < known.Sequence)
                    {
                        Problem(record, $"moves {head.Partition} back from event {known.Sequence} to event {head.Sequence} (an old state replayed)");
                        return;
                    }

                    if (head.Sequence == known.Sequence && !string.Equals(head.Hash, known.Hash, StringComparison.Ordinal))
                    {
                        Problem(record, $"anchors event {head.Sequence} of {head.Partition} again with a different hash");
                        return;
                    }
                }
            }

            if (checkpoint.Full && Latest is not null)
            {
                var named = checkpoint.Heads.Select(h => h.Partition).ToHashSet(StringComparer.Ordinal);
                var dropped = _heads.Keys.Where(p => !named.Contains(p)).Order(StringComparer.Ordinal).ToList();
                if (dropped.Count > 0)
                {
                    Problem(record, $"a full checkpoint that leaves out {dropped.Count} anchored partition(s): {string.Join(", ", dropped.Take(5))}{(dropped.Count > 5 ? ", …" : string.Empty)}");
                    return;
                }
            }

            Apply(record.Position, record.Location, checkpoint);
        }

        public void Apply(long position, string location, AuditCheckpoint checkpoint)
        {
            ReadThrough = position;
            foreach (var head in checkpoint.Heads)
            {
                if (_heads.TryGetValue(head.Partition, out var known) && known.Sequence == head.Sequence)
                {
                    continue;
                }

                _heads[head.Partition] = head;
                if (keepAnchorPoints)
                {
                    if (!_anchors.TryGetValue(head.Partition, out var points))
                    {
                        _anchors[head.Partition] = points = [];
                    }

                    points.Add(new AnchorPoint(head.Sequence, head.Hash, checkpoint.Sequence));
                }
            }

            Latest = checkpoint;
            LatestLocation = location;
            Verified++;
            if (checkpoint.Full)
            {
                CheckState(position, location);
            }
        }

        /// <summary>The partition list of the latest checkpoint must be what the log adds up to (checked at full checkpoints and at the end).</summary>
        public void CheckLatestState()
        {
            if (Latest is not null)
            {
                CheckState(Latest.Sequence, LatestLocation ?? string.Empty);
            }
        }

        public CheckpointState Snapshot() => new()
        {
            FirstPosition = firstPosition,
            ReadThrough = ReadThrough,
            Latest = Latest,
            LatestLocation = LatestLocation,
            Verified = Verified,
            Heads = new Dictionary<string, ChainHead>(_heads, StringComparer.Ordinal),
            AnchorPoints = _anchors.ToDictionary(p => p.Key, p => (IReadOnlyList<AnchorPoint>)[.. p.Value], StringComparer.Ordinal),
            Problems = [.. _problems],
        };

        private void CheckState(long position, string location)
        {
            var latest = Latest!;
            if (string.Equals(_stateCheckedFor, latest.Mac, StringComparison.Ordinal))
            {
                return;
            }

            _stateCheckedFor = latest.Mac;
            if (latest.Partitions != _heads.Count || !string.Equals(AuditCheckpointCodec.StateHash(_heads.Values), latest.State, StringComparison.Ordinal))
            {
                _problems.Add(new CheckpointProblem(position, location,
                    $"commits {latest.Partitions} partitions whose heads do not add up to the {_heads.Count} the checkpoints before it anchor"));
            }
        }

        private void Problem(CheckpointRecord record, string problem) => _problems.Add(new CheckpointProblem(record.Position, record.Location, problem));
    }
}
