namespace ChatNetOps.Conversation.Reports;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

/// <summary>Runs <see cref="ReportDigest"/>: at start (a week missed while down), then at each due time, on the host's <see cref="TimeProvider"/>.</summary>
internal sealed class ReportDigestService(ReportDigest digest, TimeProvider time, ILogger<ReportDigestService> logger) : BackgroundService
{
    /// <summary>After a failure, the next try (the week stays claimed, so this only matters for the next week's claim).</summary>
    private static readonly TimeSpan AfterFailure = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (digest.Target is null)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = digest.UntilNext(time.GetUtcNow());
            try
            {
                await digest.TrySendAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.DigestFailed(logger, e);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks, AfterFailure.Ticks));
            }

            await Task.Delay(wait, time, stoppingToken);
        }
    }
}
