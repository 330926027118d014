namespace ChatNetOps.Alerts.Processing;

using ChatNetOps.Alerts.Inbound;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

/// <summary>
/// Runs <see cref="AlertProcessor"/> when the intake records a notification, and every <see cref="Interval"/> in any
/// case (what another replica recorded, what a failed pass left pending). A failed pass is logged and retried.
/// </summary>
internal sealed partial class AlertProcessorService(AlertProcessor processor, AlertSignal signal, TimeProvider time, ILogger<AlertProcessorService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await processor.ProcessPendingAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.PassFailed(logger, e);
            }

            try
            {
                await signal.WaitAsync(Interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
