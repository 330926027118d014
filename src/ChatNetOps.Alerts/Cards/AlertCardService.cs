namespace ChatNetOps.Alerts.Cards;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

/// <summary>Runs <see cref="AlertCardNotifier"/> when the processor touches an incident, and every <see cref="Interval"/> in any case.</summary>
internal sealed class AlertCardService(AlertCardNotifier notifier, AlertCardQueue queue, TimeProvider time, ILogger<AlertCardService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await notifier.RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.CardPassFailed(logger, e);
            }

            try
            {
                // Until the next periodic pass, or sooner when a card held back by the update gap is due.
                var wait = notifier.NextDue() is { } due ? due - time.GetUtcNow() : Interval;
                wait = wait < MinimumWait ? MinimumWait : wait > Interval ? Interval : wait;
                await queue.WaitAsync(wait, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
