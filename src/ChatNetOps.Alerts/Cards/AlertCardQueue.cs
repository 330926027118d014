namespace ChatNetOps.Alerts.Cards;

using System.Collections.Concurrent;
using System.Threading.Channels;

/// <summary>
/// The incidents whose alert card may have changed since it was last posted, as the processor reports them, and the
/// signal that wakes the card refresher. In memory only: the refresher also looks at every open alert incident on
/// each pass, so what a crash loses here is found again from the stores.
/// </summary>
public sealed class AlertCardQueue
{
    private readonly ConcurrentDictionary<string, byte> _touched = new(StringComparer.Ordinal);
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>The incident's card should be refreshed.</summary>
    public void Touched(string incidentId)
    {
        ArgumentNullException.ThrowIfNull(incidentId);
        _touched[incidentId] = 0;
        _signal.Writer.TryWrite(true);
    }

    /// <summary>Takes what was touched since the last call.</summary>
    public IReadOnlyList<string> Drain()
    {
        var ids = _touched.Keys.ToArray();
        foreach (var id in ids)
        {
            _touched.TryRemove(id, out _);
        }

        return ids;
    }

    /// <summary>Waits until something is touched or <paramref name="timeout"/> passes.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var delay = new CancellationTokenSource(timeout, time);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, delay.Token);
        try
        {
            await _signal.Reader.ReadAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}
