namespace ChatNetOps.Core.Worker;

using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>Periodically expires unanswered approvals and interrupts runs whose worker stopped renewing its lease.</summary>
/// <remarks>
/// It also records the moments change windows open and end (<see cref="ChangeWindows.ChangeWindowService.SweepAsync"/>) and
/// expires unconfirmed severity proposals (<see cref="Incidents.SeverityService.SweepAsync"/>).
/// </remarks>
public sealed partial class SweepService(RequestSweeper sweeper, IOptions<WorkerOptions> options, TimeProvider time, ILogger<SweepService> logger, ChangeWindows.ChangeWindowService? windows = null, Incidents.SeverityService? severities = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        try
        {
            do
            {
                try
                {
                    var changed = await sweeper.SweepAsync(stoppingToken);
                    if (changed.Count > 0)
                    {
                        Log.Swept(logger, changed.Count);
                    }

                    if (windows is not null && await windows.SweepAsync(stoppingToken) is > 0 and var transitions)
                    {
                        Log.ChangeWindowsSwept(logger, transitions);
                    }

                    if (severities is not null && await severities.SweepAsync(stoppingToken) is > 0 and var proposals)
                    {
                        Log.SeverityProposalsExpired(logger, proposals);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.SweepFailed(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
