namespace ChatNetOps.Core.Audit;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

/// <summary>Writes the summaries of <see cref="InboundRefusals"/> once a minute, and the last ones when the host stops.</summary>
public sealed partial class InboundRefusalFlusher(InboundRefusals refusals, TimeProvider time, ILogger<InboundRefusalFlusher> logger) : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await refusals.FlushAllAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.FlushFailed(logger, e);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await FlushAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await refusals.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.FlushFailed(logger, e);
        }
    }
}
