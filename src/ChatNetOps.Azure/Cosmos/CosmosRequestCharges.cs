namespace ChatNetOps.Azure.Cosmos;

using System.Collections.Concurrent;

/// <summary>
/// Request units the SDK reported (<c>x-ms-request-charge</c>) per store operation, for documentation and tuning.
/// Against the local test server the figures are not Azure's.
/// </summary>
public sealed class CosmosRequestCharges
{
    private readonly ConcurrentDictionary<string, Tally> _tallies = new(StringComparer.Ordinal);

    public void Record(string operation, double requestCharge)
    {
        var tally = _tallies.GetOrAdd(operation, _ => new Tally());
        lock (tally)
        {
            tally.Count++;
            tally.Total += requestCharge;
            tally.Max = Math.Max(tally.Max, requestCharge);
        }
    }

    /// <summary>Operation → (calls, mean RU, max RU), ordered by operation.</summary>
    public IReadOnlyList<(string Operation, int Calls, double MeanRu, double MaxRu)> Snapshot() =>
        [.. _tallies.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t =>
        {
            lock (t.Value)
            {
                return (t.Key, t.Value.Count, t.Value.Count == 0 ? 0 : t.Value.Total / t.Value.Count, t.Value.Max);
            }
        })];

    private sealed class Tally
    {
        public int Count { get; set; }

        public double Total { get; set; }

        public double Max { get; set; }
    }
}
