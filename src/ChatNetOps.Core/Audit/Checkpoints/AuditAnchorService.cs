namespace ChatNetOps.Core.Audit.Checkpoints;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

/// <summary>
/// Runs the <see cref="AuditAnchor"/> in a host: at start it loads (or, for the embedded key file, creates) the checkpoint
/// key — a host whose key cannot be read does not start — and says in the log where checkpoints and key are; then it
/// writes a checkpoint whenever a partition reaches the event count and at every interval tick while events wait to be
/// anchored; at stop it writes the last one.
/// </summary>
public sealed partial class AuditAnchorService(AuditAnchor anchor, TimeProvider time, ILogger<AuditAnchorService> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var key = await anchor.Keys.GetSigningKeyAsync(cancellationToken);
        Log.Anchoring(logger, anchor.Sink.Description, anchor.Keys.Description, key.Id, anchor.Options.EveryEvents, anchor.Options.Interval);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await anchor.TryCheckpointAsync(AuditCheckpointReason.Shutdown, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(anchor.Options.Interval, time);
        Task<bool>? tick = null;
        Task? due = null;
        try
        {
            // The first checkpoint adopts a store that holds events and has none yet.
            await anchor.TryCheckpointAsync(AuditCheckpointReason.Interval, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                tick ??= timer.WaitForNextTickAsync(stoppingToken).AsTask();
                due ??= anchor.WaitUntilDueAsync(stoppingToken);
                var woke = await Task.WhenAny(tick, due);
                AuditCheckpointReason reason;
                if (woke == due)
                {
                    await due;
                    due = null;
                    reason = AuditCheckpointReason.Events;
                }
                else
                {
                    if (!await tick)
                    {
                        return;
                    }

                    tick = null;
                    reason = AuditCheckpointReason.Interval;
                }

                if (anchor.PendingPartitions > 0)
                {
                    await anchor.TryCheckpointAsync(reason, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
