namespace ChatNetOps.Benchmarks.Execution;

using System.Collections.Concurrent;

/// <summary>Calls per port method: count, summed and longest latency.</summary>
public sealed class CallStats
{
    private readonly ConcurrentDictionary<string, (int Count, TimeSpan Total, TimeSpan Max)> _calls = new(StringComparer.Ordinal);

    public void Record(string method, TimeSpan elapsed) =>
        _calls.AddOrUpdate(method, (1, elapsed, elapsed), (_, s) => (s.Count + 1, s.Total + elapsed, elapsed > s.Max ? elapsed : s.Max));

    public void Clear() => _calls.Clear();

    public IEnumerable<(string Method, int Count, TimeSpan Mean, TimeSpan Max)> Snapshot() =>
        _calls.OrderByDescending(c => c.Value.Total).Select(c => (c.Key, c.Value.Count, c.Value.Total / c.Value.Count, c.Value.Max));
}
