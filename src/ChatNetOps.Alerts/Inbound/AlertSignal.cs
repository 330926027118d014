namespace ChatNetOps.Alerts.Inbound;

using System.Threading.Channels;

/// <summary>Wakes the alert processor when a notification is recorded (it also looks on its own schedule).</summary>
internal sealed class AlertSignal
{
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _signal.Writer.TryWrite(true);

    /// <summary>Waits until notified (true) or until <paramref name="timeout"/> passes (false).</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var delay = new CancellationTokenSource(timeout, time);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, delay.Token);
        try
        {
            await _signal.Reader.ReadAsync(timer.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
