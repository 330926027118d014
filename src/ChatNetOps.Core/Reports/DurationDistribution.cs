namespace ChatNetOps.Core.Reports;

/// <summary>
/// Durations for p50/p95 in bounded memory: exact up to <see cref="ExactLimit"/> samples, then folded into
/// logarithmic buckets 1 % wide (so a percentile over a million runs is within 1 % of the exact value).
/// </summary>
internal sealed class DurationDistribution
{
    public const int ExactLimit = 4096;

    private const double Growth = 1.01;
    private static readonly double LogGrowth = Math.Log(Growth);

    private List<long>? _exact = [];
    private Dictionary<int, long>? _buckets;

    public long Count { get; private set; }

    public void Add(TimeSpan duration)
    {
        var ms = Math.Max(0, (long)duration.TotalMilliseconds);
        Count++;
        if (_exact is not null)
        {
            _exact.Add(ms);
            if (_exact.Count <= ExactLimit)
            {
                return;
            }

            _buckets = [];
            foreach (var sample in _exact)
            {
                AddToBucket(sample);
            }

            _exact = null;
            return;
        }

        AddToBucket(ms);
    }

    public DurationStat ToStat() => new(Count, Percentile(0.50), Percentile(0.95));

    /// <summary>Nearest-rank percentile; null without samples.</summary>
    public TimeSpan? Percentile(double p)
    {
        if (Count == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(p * Count));
        if (_exact is not null)
        {
            _exact.Sort();
            return TimeSpan.FromMilliseconds(_exact[(int)rank - 1]);
        }

        long seen = 0;
        foreach (var (bucket, count) in _buckets!.OrderBy(b => b.Key))
        {
            seen += count;
            if (seen >= rank)
            {
                return TimeSpan.FromMilliseconds(bucket < 0 ? 0 : Math.Round(Math.Pow(Growth, bucket + 0.5)));
            }
        }

        return null;
    }

    private void AddToBucket(long ms)
    {
        var bucket = ms <= 0 ? -1 : (int)Math.Floor(Math.Log(ms) / LogGrowth);
        _buckets![bucket] = _buckets.GetValueOrDefault(bucket) + 1;
    }
}
