namespace ChatNetOps.Core.Worker;

using ChatNetOps.Core.Health;
using ChatNetOps.Core.Queues;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// Consumes the job queue, running up to <see cref="WorkerOptions.MaxConcurrentJobs"/> jobs at once. Receives that keep
/// failing are reported to <see cref="QueueConsumerHealth"/> (/readyz) and logged as critical once.
/// </summary>
public sealed partial class WorkerService(IJobQueue jobs, JobRunner runner, IOptions<WorkerOptions> options, QueueConsumerHealth health, ILogger<WorkerService> logger) : BackgroundService
{
    /// <summary>The consumer's name in <see cref="QueueConsumerHealth"/> and on /readyz.</summary>
    public const string ConsumerName = "job queue";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var slots = new SemaphoreSlim(settings.MaxConcurrentJobs);
        var running = new HashSet<Task>();
        Log.Started(logger, settings.EffectiveWorkerId, settings.MaxConcurrentJobs);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                QueueLease<JobMessage>? lease;
                try
                {
                    lease = await jobs.ReceiveAsync(settings.JobLockDuration, settings.ReceiveWait, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    slots.Release();
                    Log.ReceiveFailed(logger, e);
                    if (health.ReceiveFailed(ConsumerName, e))
                    {
                        Log.ReceiveKeepsFailing(logger, QueueConsumerHealth.FailuresBeforeUnready);
                    }

                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                    continue;
                }

                if (health.ReceiveSucceeded(ConsumerName))
                {
                    Log.ReceiveRecovered(logger);
                }

                if (lease is null)
                {
                    slots.Release();
                    continue;
                }

                var task = RunOneAsync(lease, slots, stoppingToken);
                lock (running)
                {
                    running.Add(task);
                }

                _ = task.ContinueWith(t => { lock (running) { running.Remove(t); } }, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        Task[] pending;
        lock (running)
        {
            pending = [.. running];
        }

        await Task.WhenAll(pending);
    }

    private async Task RunOneAsync(QueueLease<JobMessage> lease, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            var disposition = await runner.ProcessAsync(lease, stoppingToken);
            if (disposition == JobDisposition.Complete)
            {
                await jobs.CompleteAsync(lease, CancellationToken.None);
            }
            else
            {
                await jobs.AbandonAsync(lease, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down mid-run: the request stays Running and is marked Interrupted when its lease runs out.
        }
        catch (Exception e)
        {
            Log.JobFailed(logger, e, lease.Message.JobId);
            await jobs.AbandonAsync(lease, CancellationToken.None);
        }
        finally
        {
            slots.Release();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Worker {WorkerId} consuming jobs, {MaxConcurrentJobs} at a time")]
        public static partial void Started(ILogger logger, string workerId, int maxConcurrentJobs);

        [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "Receiving from the job queue failed; retrying")]
        public static partial void ReceiveFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "Job {JobId} failed unexpectedly; abandoned for redelivery")]
        public static partial void JobFailed(ILogger logger, Exception exception, string jobId);

        [LoggerMessage(EventId = 1204, Level = LogLevel.Critical, Message = "Receiving from the job queue failed {Failures} times in a row: no job runs until it recovers; /readyz reports it")]
        public static partial void ReceiveKeepsFailing(ILogger logger, int failures);

        [LoggerMessage(EventId = 1205, Level = LogLevel.Information, Message = "Receiving from the job queue works again")]
        public static partial void ReceiveRecovered(ILogger logger);
    }
}
