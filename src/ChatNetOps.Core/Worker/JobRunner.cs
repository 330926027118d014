namespace ChatNetOps.Core.Worker;

using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Parsing;
using ChatNetOps.Core.Queues;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// Runs one job: claims the request (Queued → Running, a conditional write, so a redelivered job never runs twice),
/// re-checks the approval binding, executes on each target, records structured results and the output, releases the
/// device lock, and only then tells the bot through the result queue.
/// </summary>
public sealed partial class JobRunner(
    InventoryCatalog catalog,
    IRequestStore requests,
    IDeviceLockStore locks,
    IOutputStore outputs,
    IAuditLog audit,
    IResultQueue results,
    IJobQueue jobs,
    IEnumerable<IDeviceExecutor> executors,
    RequestService lifecycle,
    IOptions<RequestOptions> requestOptions,
    IOptions<WorkerOptions> workerOptions,
    TimeProvider time,
    ILogger<JobRunner> logger)
{
    private static readonly TimeSpan SessionRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly RequestOptions _options = requestOptions.Value;
    private readonly string _workerId = workerOptions.Value.EffectiveWorkerId;
    private readonly Dictionary<Transport, IDeviceExecutor> _executors = executors.ToDictionary(e => e.Transport);

    public Task<JobDisposition> ProcessAsync(QueueLease<JobMessage> lease, CancellationToken cancellationToken) =>
        ProcessAsync(lease, CancellationToken.None, cancellationToken);

    /// <summary>
    /// Runs the job. When <paramref name="lockLost"/> fires (the queue lost the job's lock, so the message will be
    /// delivered again) the run stops as it does when its lease is lost: the device work is cancelled, the job is
    /// completed without running again, and the request, no longer renewed, becomes Interrupted when its lease runs out.
    /// </summary>
    public async Task<JobDisposition> ProcessAsync(QueueLease<JobMessage> lease, CancellationToken lockLost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var job = lease.Message;
        var request = await requests.GetAsync(job.RequestId, cancellationToken);
        if (request is null)
        {
            Log.UnknownRequest(logger, job.JobId, job.RequestId);
            return JobDisposition.Complete;
        }

        if (request.Status != RequestStatus.Queued)
        {
            // At most once: a redelivered job of a request that is running or finished is never executed again.
            Log.NotRunnable(logger, request.Id, request.Status, lease.DeliveryCount);
            return JobDisposition.Complete;
        }

        using var activity = Telemetry.StartFrom("run " + request.Runbook, ActivityKind.Consumer, job.TraceParent ?? request.TraceParent);
        activity?.SetTag("chatnetops.request", request.Id);
        activity?.SetTag("chatnetops.runbook", request.Runbook);

        var runbook = catalog.FindRunbook(request.Runbook);
        var problem = await CheckRunnableAsync(request, runbook, cancellationToken);
        var now = time.GetUtcNow();
        if (problem is not null || runbook is null)
        {
            await FailBeforeStartAsync(request, problem ?? "runbook no longer exists", cancellationToken);
            return JobDisposition.Complete;
        }

        var claimed = await ClaimAsync(request, cancellationToken);
        if (claimed is null)
        {
            Log.ClaimLost(logger, request.Id);
            return JobDisposition.Complete;
        }

        // Renew from the moment the claim is ours: a slow audit append or notification must never let the lease
        // lapse while this worker still owns the run (the sweeper would mark it Interrupted and free the device lock).
        using var run = new RunState(claimed);
        using var runCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lockLost);
        var renewal = RenewWhileRunningAsync(run, lease, runCancellation);
        DeviceRunSummary[] summaries;
        DateTimeOffset startedAt;
        try
        {
            await AppendAsync(AuditKind.Started, claimed, null, new Dictionary<string, string>(InventoryProvenance.Describe(catalog, claimed.Targets))
            {
                ["worker"] = _workerId,
                ["deliveryCount"] = lease.DeliveryCount.ToString(CultureInfo.InvariantCulture),
                ["targets"] = string.Join(",", claimed.Targets),
            }, cancellationToken);
            await NotifyAsync(claimed, ResultKind.StatusChanged, null, cancellationToken);

            startedAt = time.GetUtcNow();
            var devices = claimed.Targets.Select(t => catalog.FindDevice(t)).ToArray();
            using var parallel = new SemaphoreSlim(_options.MaxParallelDevices);
            summaries = await Task.WhenAll(devices.Select((d, i) => RunDeviceAsync(run, runbook, claimed.Targets[i], d, parallel, runCancellation.Token)));
        }
        catch (OperationCanceledException) when (runCancellation.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The lease or the job's lock was lost: stop touching the device, never re-run.
            if (lockLost.IsCancellationRequested)
            {
                Log.StoppedAfterLockLoss(logger, claimed.Id);
            }
            else
            {
                Log.AbandonedAfterLeaseLoss(logger, claimed.Id);
            }

            return JobDisposition.Complete;
        }
        finally
        {
            await run.StopRenewalAsync(renewal);
        }

        await FinishAsync(run, summaries, startedAt, cancellationToken);
        return JobDisposition.Complete;
    }

    /// <summary>
    /// Queued → Running with our lease. A write that loses to an unrelated change (the bot attaching the chat message
    /// id) is retried on the fresh document; only another worker's claim or a state change means it is not ours.
    /// </summary>
    private async Task<RunRequest?> ClaimAsync(RunRequest request, CancellationToken cancellationToken)
    {
        var current = request;
        while (current.Status == RequestStatus.Queued)
        {
            var now = time.GetUtcNow();
            var claimed = await requests.TryReplaceAsync(current with
            {
                Status = RequestStatus.Running,
                Worker = _workerId,
                LeaseUntil = now + _options.RunLease,
                UpdatedAt = now,
            }, current.ETag!, cancellationToken);
            if (claimed is not null)
            {
                return claimed;
            }

            current = await requests.GetAsync(request.Id, cancellationToken);
            if (current is null)
            {
                return null;
            }
        }

        return null;
    }

    private async Task<string?> CheckRunnableAsync(RunRequest request, Runbook? runbook, CancellationToken cancellationToken)
    {
        if (runbook is null)
        {
            return $"runbook {request.Runbook} no longer exists in the catalog";
        }

        if (!string.Equals(runbook.Version, request.RunbookVersion, StringComparison.Ordinal))
        {
            return $"runbook {request.Runbook} changed since it was requested (version {request.RunbookVersion} → {runbook.Version})";
        }

        // The inventory may have changed since the request was made (a source removed or deactivated a device).
        if (request.Targets.Select(t => InventoryProvenance.Unavailable(catalog, t)).FirstOrDefault(p => p is not null) is { } gone)
        {
            return gone;
        }

        if (!request.IsStateChanging)
        {
            return null;
        }

        var recomputed = ApprovalHash.Compute(request);
        if (request.Decision is not { Approved: true } decision)
        {
            return "state-changing request has no approval";
        }

        if (!string.Equals(decision.ApprovalHash, recomputed, StringComparison.Ordinal) || !string.Equals(request.ApprovalHash, recomputed, StringComparison.Ordinal))
        {
            return "the approval does not match the request's runbook version, inputs and targets";
        }

        var held = await locks.GetAsync(request.Targets[0], cancellationToken);
        if (held is null || !string.Equals(held.RequestId, request.Id, StringComparison.Ordinal))
        {
            return held is null
                ? $"the lock on {request.Targets[0]} was lost before the run started"
                : $"{request.Targets[0]} is locked by {held.RequestId} ({held.Owner})";
        }

        return null;
    }

    private async Task FailBeforeStartAsync(RunRequest request, string problem, CancellationToken cancellationToken)
    {
        RunRequest? failed = null;
        for (var current = request; current is { Status: RequestStatus.Queued } && failed is null;)
        {
            failed = await requests.TryReplaceAsync(current with
            {
                Status = RequestStatus.Failed,
                StatusReason = problem,
                UpdatedAt = time.GetUtcNow(),
            }, current.ETag!, cancellationToken);
            current = failed is null ? await requests.GetAsync(request.Id, cancellationToken) : null;
        }

        if (failed is null)
        {
            return;
        }

        Log.RefusedToRun(logger, request.Id, problem);
        await AppendAsync(AuditKind.Failed, failed, null, new Dictionary<string, string>
        {
            ["reason"] = problem,
            ["executed"] = "false",
        }, cancellationToken);
        if (failed.IsStateChanging)
        {
            await lifecycle.ReleaseLockAsync(failed, Actor.System, cancellationToken);
        }

        await NotifyAsync(failed, ResultKind.StatusChanged, null, cancellationToken);
    }

    private async Task<DeviceRunSummary> RunDeviceAsync(RunState run, Runbook runbook, string name, Device? device, SemaphoreSlim parallel, CancellationToken cancellationToken)
    {
        var request = run.Current;
        await parallel.WaitAsync(cancellationToken);
        SessionSlot? slot = null;
        try
        {
            DeviceRunResult result;
            if (device is null)
            {
                var at = time.GetUtcNow();
                result = new DeviceRunResult(name, ExecutionStatus.Failed, -1, string.Empty, at, at, $"device {name} is no longer in the inventory");
            }
            else if (!_executors.TryGetValue(device.Transport, out var executor))
            {
                var at = time.GetUtcNow();
                result = new DeviceRunResult(name, ExecutionStatus.Failed, -1, string.Empty, at, at, $"this worker has no executor for transport {device.Transport.ToName()}");
            }
            else
            {
                slot = request.IsStateChanging ? null : await AcquireSessionAsync(device, request, runbook.Timeout, cancellationToken);
                if (!request.IsStateChanging && slot is null)
                {
                    var at = time.GetUtcNow();
                    result = new DeviceRunResult(name, ExecutionStatus.TimedOut, -1, string.Empty, at, at, $"all {device.SessionLimit} sessions to {device.Name} stayed busy for {runbook.Timeout}");
                }
                else
                {
                    var plan = new DeviceCommandPlan(request.Id, device, runbook.Name, runbook.Mode, CommandRenderer.Render(runbook, device.Platform, request.Inputs), request.Inputs, runbook.Timeout);
                    result = await ExecuteSafelyAsync(executor, plan, cancellationToken);
                }
            }

            return await RecordDeviceResultAsync(run, result, device is null ? null : text => runbook.Parser?.Parse(device.Platform, text), cancellationToken);
        }
        finally
        {
            if (slot is not null)
            {
                await locks.ReleaseSessionAsync(slot, CancellationToken.None);
            }

            parallel.Release();
        }
    }

    private async Task<SessionSlot?> AcquireSessionAsync(Device device, RunRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var now = time.GetUtcNow();
            var slot = await locks.TryAcquireSessionAsync(device.Name, device.SessionLimit, $"{_workerId}/{request.Id}", now + timeout + _options.RunLease, now, cancellationToken);
            if (slot is not null || now >= deadline)
            {
                return slot;
            }

            await Task.Delay(SessionRetryDelay, time, cancellationToken);
        }
    }

    private async Task<DeviceRunResult> ExecuteSafelyAsync(IDeviceExecutor executor, DeviceCommandPlan plan, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        try
        {
            return await executor.ExecuteAsync(plan, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // Executors return device problems as results; an exception here is a bug or misconfiguration.
            Log.ExecutorFault(logger, e, plan.Device.Name, plan.RequestId);
            return new DeviceRunResult(plan.Device.Name, ExecutionStatus.Failed, -1, string.Empty, startedAt, time.GetUtcNow(), $"executor fault ({e.GetType().Name}); see worker logs");
        }
    }

    private async Task<DeviceRunSummary> RecordDeviceResultAsync(RunState run, DeviceRunResult result, Func<string, ParsedOutput?>? parse, CancellationToken cancellationToken)
    {
        var request = run.Current;
        var raw = Encoding.UTF8.GetBytes(result.RawOutput);
        var sha = Convert.ToHexStringLower(SHA256.HashData(raw));
        var redacted = OutputRedactor.Redact(result.RawOutput).Text;
        var kept = CapUtf8(redacted, _options.MaxStoredOutputBytes, out var truncated);
        await outputs.SaveAsync(new StoredOutput(request.Id, result.Device, kept, sha, raw.LongLength, truncated, _options.MaxStoredOutputBytes), cancellationToken);

        // Parsed from the redacted output (rows reach chat); a failed run has its error as the headline instead.
        var parsed = result.Status == ExecutionStatus.Succeeded ? parse?.Invoke(redacted) : null;
        var summary = new DeviceRunSummary(result.Device, result.Status, result.ReturnCode, sha, raw.LongLength, result.StartedAt, result.FinishedAt, result.Error) { Parsed = parsed };
        var details = new Dictionary<string, string>
        {
            ["returnCode"] = result.ReturnCode.ToString(CultureInfo.InvariantCulture),
            ["outputSha256"] = sha,
            ["outputHashOf"] = "raw output before redaction",
            ["outputBytes"] = raw.LongLength.ToString(CultureInfo.InvariantCulture),
            ["durationMs"] = ((long)summary.Duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        };
        if (result.Error is not null)
        {
            details["error"] = result.Error;
        }

        if (parsed is not null)
        {
            details["verdict"] = parsed.Verdict.ToString().ToLowerInvariant();
            details["summary"] = parsed.Summary;
        }

        if (truncated)
        {
            details["storedBytes"] = Encoding.UTF8.GetByteCount(kept).ToString(CultureInfo.InvariantCulture);
        }

        await AppendAsync(KindOf(result.Status), request, result.Device, details, cancellationToken);
        if (request.Targets.Count > 1)
        {
            await NotifyAsync(request, ResultKind.DeviceFinished, result.Device, cancellationToken);
        }

        return summary;
    }

    private async Task FinishAsync(RunState run, DeviceRunSummary[] devices, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var status = devices.All(d => d.Status == ExecutionStatus.Succeeded) ? ExecutionStatus.Succeeded
            : devices.Any(d => d.Status == ExecutionStatus.Failed) ? ExecutionStatus.Failed
            : ExecutionStatus.TimedOut;
        var returnCode = devices.Select(d => d.ReturnCode).FirstOrDefault(rc => rc != 0);
        var hash = devices.Length == 1
            ? devices[0].OutputSha256
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(devices.Select(d => $"{d.Device}:{d.OutputSha256}\n")))));
        var finishedAt = time.GetUtcNow();
        var summary = new ExecutionSummary(status, returnCode, hash, startedAt, finishedAt, devices);

        var current = run.Current;
        RunRequest? finished = null;
        while (current.Status == RequestStatus.Running)
        {
            finished = await requests.TryReplaceAsync(current with
            {
                Status = status switch
                {
                    ExecutionStatus.Succeeded => RequestStatus.Succeeded,
                    ExecutionStatus.TimedOut => RequestStatus.TimedOut,
                    _ => RequestStatus.Failed,
                },
                Result = summary,
                LeaseUntil = null,
                UpdatedAt = finishedAt,
            }, current.ETag!, cancellationToken);
            if (finished is not null)
            {
                break;
            }

            current = await requests.GetAsync(current.Id, cancellationToken) ?? current;
        }

        if (finished is null)
        {
            // The lease ran out and the request was marked Interrupted meanwhile; the device results above are recorded.
            Log.FinishedAfterInterruption(logger, current.Id, current.Status);
            return;
        }

        if (devices.Length > 1)
        {
            await AppendAsync(KindOf(status), finished, null, new Dictionary<string, string>
            {
                ["devices"] = devices.Length.ToString(CultureInfo.InvariantCulture),
                ["succeeded"] = devices.Count(d => d.Status == ExecutionStatus.Succeeded).ToString(CultureInfo.InvariantCulture),
                ["failed"] = devices.Count(d => d.Status == ExecutionStatus.Failed).ToString(CultureInfo.InvariantCulture),
                ["timedOut"] = devices.Count(d => d.Status == ExecutionStatus.TimedOut).ToString(CultureInfo.InvariantCulture),
                ["outputSha256"] = hash,
                ["outputHashOf"] = "ordered per-device raw output hashes",
            }, cancellationToken);
        }

        if (finished.IsStateChanging)
        {
            await lifecycle.ReleaseLockAsync(finished, Actor.System, cancellationToken);
        }

        await NotifyAsync(finished, ResultKind.StatusChanged, null, cancellationToken);
        Log.Finished(logger, finished.Id, finished.Status, (long)summary.Duration.TotalMilliseconds);
    }

    private async Task RenewWhileRunningAsync(RunState run, QueueLease<JobMessage> lease, CancellationTokenSource runCancellation)
    {
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, _options.RunLease.Ticks / 3));
        using var timer = new PeriodicTimer(period, time);
        var jobLease = lease;
        try
        {
            while (await timer.WaitForNextTickAsync(run.RenewalStopping))
            {
                var now = time.GetUtcNow();
                var renewed = await run.RenewAsync(requests, now + _options.RunLease, now, run.RenewalStopping);
                if (!renewed)
                {
                    // Someone else (the sweeper) decided this run is gone: stop touching the device.
                    Log.LeaseLost(logger, run.Current.Id);
                    await runCancellation.CancelAsync();
                    return;
                }

                jobLease = await jobs.RenewAsync(jobLease, workerOptions.Value.JobLockDuration, run.RenewalStopping) ?? jobLease;
                if (run.Current.IsStateChanging && await locks.GetAsync(run.Current.Targets[0], run.RenewalStopping) is { } held
                    && string.Equals(held.RequestId, run.Current.Id, StringComparison.Ordinal))
                {
                    await locks.RenewAsync(held, now + _options.RunLease + _options.RunLease, run.RenewalStopping);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string CapUtf8(string text, int maxBytes, out bool truncated)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            truncated = false;
            return text;
        }

        truncated = true;
        var bytes = Encoding.UTF8.GetBytes(text);
        var cut = maxBytes;
        while (cut > 0 && (bytes[cut] & 0xC0) == 0x80)
        {
            cut--;
        }

        return Encoding.UTF8.GetString(bytes, 0, cut);
    }

    private static AuditKind KindOf(ExecutionStatus status) => status switch
    {
        ExecutionStatus.Succeeded => AuditKind.Succeeded,
        ExecutionStatus.TimedOut => AuditKind.TimedOut,
        _ => AuditKind.Failed,
    };

    private Task NotifyAsync(RunRequest request, ResultKind kind, string? device, CancellationToken cancellationToken) =>
        results.EnqueueAsync(
            new ResultMessage($"{request.Id}:{request.Status}" + (device is null ? string.Empty : ":" + device), request.Id, kind, request.Status, time.GetUtcNow(), request.TraceParent) { Device = device },
            cancellationToken);

    private Task<AuditEvent> AppendAsync(AuditKind kind, RunRequest request, string? device, IReadOnlyDictionary<string, string> details, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditEntry(kind, Actor.System with { UserId = _workerId, DisplayName = "worker " + _workerId })
        {
            RequestId = request.Id,
            Runbook = request.Runbook,
            Device = device ?? (request.Targets.Count == 1 ? request.Targets[0] : null),
            Incident = request.Incident,
            MessageLink = request.Origin.Link,
            Details = details,
        }, cancellationToken);

    /// <summary>The latest stored version of the running request, shared by the run and its lease renewal.</summary>
    private sealed class RunState(RunRequest current) : IDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private readonly CancellationTokenSource _renewalStop = new();

        public RunRequest Current { get; private set; } = current;

        public CancellationToken RenewalStopping => _renewalStop.Token;

        public async Task<bool> RenewAsync(IRequestStore store, DateTimeOffset leaseUntil, DateTimeOffset now, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                var current = Current;
                while (true)
                {
                    var renewed = await store.TryReplaceAsync(current with { LeaseUntil = leaseUntil, UpdatedAt = now }, current.ETag!, cancellationToken);
                    if (renewed is not null)
                    {
                        Current = renewed;
                        return true;
                    }

                    // Lost to another write: still ours only if it is Running here (an attached message id, say).
                    var latest = await store.GetAsync(current.Id, cancellationToken);
                    if (latest is null || latest.Status != RequestStatus.Running || !string.Equals(latest.Worker, current.Worker, StringComparison.Ordinal))
                    {
                        return false;
                    }

                    current = latest;
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        public async Task StopRenewalAsync(Task renewal)
        {
            await _renewalStop.CancelAsync();
            await renewal;
        }

        public void Dispose()
        {
            _renewalStop.Dispose();
            _gate.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Job {JobId} names unknown request {RequestId}; dropped")]
        public static partial void UnknownRequest(ILogger logger, string jobId, string requestId);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Request {RequestId} is {Status} (delivery {DeliveryCount}); not executed again")]
        public static partial void NotRunnable(ILogger logger, string requestId, RequestStatus status, int deliveryCount);

        [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Request {RequestId} was claimed by another worker")]
        public static partial void ClaimLost(ILogger logger, string requestId);

        [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Request {RequestId} refused to run: {Problem}")]
        public static partial void RefusedToRun(ILogger logger, string requestId, string problem);

        [LoggerMessage(EventId = 1105, Level = LogLevel.Error, Message = "Executor fault on {Device} for request {RequestId}")]
        public static partial void ExecutorFault(ILogger logger, Exception exception, string device, string requestId);

        [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "Lease of request {RequestId} was lost; cancelling the run")]
        public static partial void LeaseLost(ILogger logger, string requestId);

        [LoggerMessage(EventId = 1107, Level = LogLevel.Warning, Message = "Request {RequestId} finished after it was marked {Status}")]
        public static partial void FinishedAfterInterruption(ILogger logger, string requestId, RequestStatus status);

        [LoggerMessage(EventId = 1109, Level = LogLevel.Warning, Message = "Request {RequestId} was interrupted while running here; its job is completed without running again")]
        public static partial void AbandonedAfterLeaseLoss(ILogger logger, string requestId);

        [LoggerMessage(EventId = 1110, Level = LogLevel.Warning, Message = "The job lock of request {RequestId} was lost; the run stops and becomes Interrupted when its lease runs out, and is not run again")]
        public static partial void StoppedAfterLockLoss(ILogger logger, string requestId);

        [LoggerMessage(EventId = 1108, Level = LogLevel.Information, Message = "Request {RequestId} finished {Status} in {DurationMs} ms")]
        public static partial void Finished(ILogger logger, string requestId, RequestStatus status, long durationMs);
    }
}
