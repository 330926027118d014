namespace ChatNetOps.Core.Worker;

using ChatNetOps.Core.Health;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Queues;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// Consumes the job queue through <see cref="IMessageQueue{TMessage}.ConsumeAsync"/>, running up to
/// <see cref="WorkerOptions.MaxConcurrentJobs"/> jobs at once. A job's lock is kept longer than any run can last
/// (<see cref="MaxLockRenewal"/>); when the queue reports it lost anyway, the runner stops the run, which becomes
/// Interrupted when its lease runs out and is never re-run. Receives that keep failing are reported to
/// <see cref="QueueConsumerHealth"/> (/readyz) and logged as critical once.
/// </summary>
public sealed partial class WorkerService(
    IJobQueue jobs,
    JobRunner runner,
    InventoryCatalog catalog,
    IOptions<WorkerOptions> options,
    IOptions<RequestOptions> requestOptions,
    QueueConsumerHealth health,
    ILogger<WorkerService> logger) : BackgroundService
{
    /// <summary>The consumer's name in <see cref="QueueConsumerHealth"/> and on /readyz.</summary>
    public const string ConsumerName = "job queue";

    private static readonly TimeSpan MinLockRenewal = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long the queue keeps renewing a job's lock: a device may wait one runbook timeout for a session slot and run
    /// for another, and the run lease is the grace after that; never less than five minutes.
    /// </summary>
    public TimeSpan MaxLockRenewal
    {
        get
        {
            var longest = catalog.Runbooks.Select(r => r.Timeout).DefaultIfEmpty(TimeSpan.Zero).Max();
            var needed = longest + longest + requestOptions.Value.RunLease;
            return needed > MinLockRenewal ? needed : MinLockRenewal;
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        Log.Started(logger, settings.EffectiveWorkerId, settings.MaxConcurrentJobs);
        var consumer = new QueueConsumerOptions(settings.MaxConcurrentJobs, settings.JobLockDuration, settings.ReceiveWait, MaxLockRenewal)
        {
            Observer = health.Observe(
                ConsumerName,
                becameUnready: () => Log.ReceiveKeepsFailing(logger, QueueConsumerHealth.FailuresBeforeUnready),
                recovered: () => Log.ReceiveRecovered(logger)),
        };
        return jobs.ConsumeAsync(RunOneAsync, consumer, stoppingToken);
    }

    private async Task<QueueSettlement> RunOneAsync(QueueDelivery<JobMessage> delivery, CancellationToken stoppingToken)
    {
        try
        {
            var disposition = await runner.ProcessAsync(delivery.Lease, delivery.LockLost, stoppingToken);
            return disposition == JobDisposition.Complete ? QueueSettlement.Complete : QueueSettlement.Abandon;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down mid-run: the request stays Running and is marked Interrupted when its lease runs out.
            throw;
        }
        catch (Exception e)
        {
            Log.JobFailed(logger, e, delivery.Lease.Message.JobId);
            return QueueSettlement.Abandon;
        }
    }
}
