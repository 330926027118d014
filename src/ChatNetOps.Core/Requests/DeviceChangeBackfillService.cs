namespace ChatNetOps.Core.Requests;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

/// <summary>
/// Runs <see cref="DeviceChangeBackfill"/> in the background once the host has started, so start-up and the first
/// answers never wait for the audit trail to be read. A failed fill is logged and tried again after
/// <see cref="RetryDelay"/> (its claim is this replica's, so it takes it straight back).
/// </summary>
public sealed class DeviceChangeBackfillService(DeviceChangeBackfill backfill, TimeProvider time, ILogger<DeviceChangeBackfillService> logger) : BackgroundService
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: StartAsync returns before the first store call.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await backfill.RunAsync(stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.BackfillFailed(logger, e, RetryDelay);
            }

            try
            {
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
