namespace ChatNetOps.Core.Inventory.Sources;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

/// <summary>
/// Serves the snapshot on disk at start (so a restart while the source is down still works), reads the source, then
/// reads it again every <see cref="InventorySourceOptions.RefreshInterval"/>; in between it picks up a newer snapshot
/// written by <c>chatnetops inventory refresh</c>.
/// </summary>
public sealed class InventoryRefreshService(InventoryRefresher refresher, IOptions<InventorySourceOptions> options, TimeProvider time) : BackgroundService
{
    private readonly InventorySourceOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await refresher.LoadSnapshotAsync(stale: true, stoppingToken);
        var due = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            if (time.GetUtcNow() >= due)
            {
                await refresher.RefreshAsync(stoppingToken);
                due = time.GetUtcNow() + _options.RefreshInterval;
            }
            else
            {
                await refresher.LoadSnapshotAsync(stale: false, stoppingToken);
            }

            var wait = due - time.GetUtcNow();
            try
            {
                await Task.Delay(wait < _options.SnapshotPollInterval ? (wait > TimeSpan.Zero ? wait : TimeSpan.Zero) : _options.SnapshotPollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
