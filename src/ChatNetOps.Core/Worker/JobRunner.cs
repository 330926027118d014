namespace ChatNetOps.Core.Worker;

using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.ChangeWindows;
using ChatNetOps.Core.Checks;
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
    RequestJournal journal,
    DeviceLockService deviceLocks,
    IJobQueue jobs,
    IEnumerable<IDeviceExecutor> executors,
    CheckRunner checks,
    IOptions<RequestOptions> requestOptions,
    IOptions<WorkerOptions> workerOptions,
    TimeProvider time,
    ILogger<JobRunner> logger,
    ChangeWindowService? windows = null,
    StandardChangeQueue? standard = null)
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

        if (request.Status == RequestStatus.Requested)
        {
            await PreCheckAsync(request, cancellationToken);
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

        if (claimed.IsStateChanging)
        {
            // The device lock now says "running" (until here it said queued).
            await deviceLocks.RenewAsync(claimed, time.GetUtcNow() + _options.RunLease + _options.RunLease, cancellationToken);
        }

        // Renew from the moment the claim is ours: a slow audit append or notification must never let the lease
        // lapse while this worker still owns the run (the sweeper would mark it Interrupted and free the device lock).
        using var runCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lockLost);
        using var renewalStop = new CancellationTokenSource();
        var renewal = RenewWhileRunningAsync(claimed, lease, runCancellation, renewalStop.Token);
        DeviceRunSummary[] summaries;
        DateTimeOffset startedAt;
        CheckResult? postCheck = null;
        try
        {
            await AppendAsync(AuditKind.Started, claimed, null, new Dictionary<string, string>(InventoryProvenance.Describe(catalog, claimed.Targets))
            {
                ["worker"] = _workerId,
                ["deliveryCount"] = lease.DeliveryCount.ToString(CultureInfo.InvariantCulture),
                ["targets"] = string.Join(",", claimed.Targets),
            }, cancellationToken);
            await journal.AnnounceAsync(claimed, cancellationToken);

            startedAt = time.GetUtcNow();
            var devices = claimed.Targets.Select(t => catalog.FindDevice(t)).ToArray();
            using var parallel = new SemaphoreSlim(_options.MaxParallelDevices);
            summaries = await Task.WhenAll(devices.Select((d, i) => RunDeviceAsync(claimed, runbook, claimed.Targets[i], d, parallel, runCancellation.Token)));

            // Look after the change, still under its lock and lease: the post-check (retried within its window).
            if (runbook.PostCheck is not null && claimed.IsStateChanging && devices[0] is { } device && summaries.All(s => s.Status == ExecutionStatus.Succeeded))
            {
                postCheck = await checks.RunAsync(runbook, CheckPhase.After, claimed, device, runCancellation.Token);
                await RecordCheckAsync(claimed, postCheck, cancellationToken);
            }
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
            await renewalStop.CancelAsync();
            await renewal;
        }

        await FinishAsync(claimed, summaries, startedAt, postCheck, cancellationToken);
        return JobDisposition.Complete;
    }

    /// <summary>
    /// A change's pre-check, at request time: a read-only look at the device (within its session limit; the change holds
    /// its lock already). Requested → AwaitingApproval with the evidence when it passed or is advisory (Requested → Queued,
    /// approved by the window's acknowledgement, for a standard change its change window approves now); Requested → Denied
    /// with the evidence otherwise, and the lock is released. A redelivered pre-check job of a request that moved on does nothing.
    /// </summary>
    private async Task PreCheckAsync(RunRequest request, CancellationToken cancellationToken)
    {
        var runbook = catalog.FindRunbook(request.Runbook);
        var device = catalog.FindDevice(request.Targets[0]);
        CheckResult? check = null;
        string? problem = runbook?.PreCheck is null ? $"runbook {request.Runbook} no longer declares a pre-check"
            : !string.Equals(runbook.Version, request.RunbookVersion, StringComparison.Ordinal) ? $"runbook {request.Runbook} changed since it was requested"
            : device is null ? $"device {request.Targets[0]} is no longer in the inventory"
            : null;
        if (problem is null)
        {
            var slot = await AcquireSessionAsync(device!, request, runbook!.Timeout, cancellationToken);
            try
            {
                check = slot is null
                    ? new CheckResult(CheckPhase.Before, runbook.PreCheck!.Link.Runbook, device!.Name, false, $"all {device.SessionLimit} sessions to {device.Name} stayed busy", [], [], [], string.Empty, string.Empty, 1, time.GetUtcNow()) { Advisory = runbook.PreCheck.Advisory, Error = "sessions busy" }
                    : await checks.RunAsync(runbook, CheckPhase.Before, request, device!, cancellationToken);
            }
            finally
            {
                if (slot is not null)
                {
                    await locks.ReleaseSessionAsync(slot, CancellationToken.None);
                }
            }

            // The requester may have cancelled (or the request expired) while the device was looked at: the look is
            // recorded in its chain as ignored, and nothing is moved, asked or told.
            if (await requests.GetAsync(request.Id, cancellationToken) is { Status: not RequestStatus.Requested } gone)
            {
                await RecordCheckAsync(gone, check, cancellationToken, ignored: $"the request was {gone.Status.ToString().ToLowerInvariant()} before the pre-check finished; its result is not acted on");
                return;
            }

            await RecordCheckAsync(request, check, cancellationToken);
        }

        var now = time.GetUtcNow();
        var proceed = check is { Passed: true } or { Advisory: true };

        // A standard change whose pre-check passed, inside a window whose acknowledgement still approves it now, is
        // queued with that acknowledgement as its decision; anywhere else (or after an advisory failure) it waits for approval.
        var window = check is { Passed: true } && runbook is { Standard: true } && standard is not null ? await ApprovingWindowAsync(request, runbook, device!, now, cancellationToken) : null;
        var reason = problem ?? $"Refused: the pre-check failed, so nothing was asked or run. {check!.Headline}."
            + (check.Rows.Count > 0 ? $" The device listed: {string.Join("; ", check.Rows.Select(r => CompareEvaluator.Label(check.Show, check.Key, r)))}." : string.Empty);
        var moved = await requests.UpdateAsync(request.Id, r => r.Status == RequestStatus.Requested
            ? proceed
                ? window is not null
                    ? r with { Status = RequestStatus.Queued, PreCheck = check, UpdatedAt = now, Decision = StandardChangeQueue.DecisionOf(window, r, now) }
                    : r with { Status = RequestStatus.AwaitingApproval, PreCheck = check, UpdatedAt = now }
                : r with { Status = RequestStatus.Denied, PreCheck = check, StatusReason = RequestJournal.Truncate(reason, 600), UpdatedAt = now }
            : null, cancellationToken);
        if (moved is null)
        {
            // Expired or cancelled meanwhile: the check is recorded, the request is not ours to move.
            return;
        }

        if (window is not null && moved.Status == RequestStatus.Queued)
        {
            await standard!.RecordAndQueueAsync(moved, window, now, cancellationToken);
        }
        else if (proceed)
        {
            var approvers = catalog.Policy.ApproversFor(runbook!, device!, moved.Origin.Kind, moved.Requester.MemberId ?? string.Empty).ToArray();
            await AppendAsync(AuditKind.ApprovalRequested, moved, device!.Name, new Dictionary<string, string>
            {
                ["expiresAt"] = moved.ExpiresAt?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty,
                ["approvers"] = string.Join(",", approvers.Select(a => a.Id)),
                ["approvalHash"] = moved.ApprovalHash,
                ["decisionKind"] = DecisionSubject.Of(moved).Kind.ToString(),
                ["preCheck"] = check!.Passed ? "passed" : "failed (advisory)",
            }, cancellationToken);
        }
        else
        {
            Log.RefusedToRun(logger, moved.Id, reason);
            await AppendAsync(AuditKind.Denied, moved, moved.Targets[0], new Dictionary<string, string>
            {
                ["reason"] = "PreCheckFailed",
                ["message"] = RequestJournal.Truncate(reason, 400),
            }, cancellationToken);
            await deviceLocks.ReleaseAsync(moved, Actor.System, cancellationToken);
        }

        await journal.AnnounceAsync(moved, cancellationToken);
    }

    /// <summary>The change window <paramref name="request"/> was made in, read now, when its acknowledgement approves this run now; else null.</summary>
    private async Task<ChangeWindow?> ApprovingWindowAsync(RunRequest request, Runbook runbook, Device device, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (windows is null || request.ChangeWindow is null || request.RollbackOf is not null)
        {
            return null;
        }

        var window = await windows.ForConversationAsync(request.Origin, request.ChangeWindow, cancellationToken);
        return window is not null && ChangeWindowRules.AcknowledgementApproves(window, runbook, device, now) ? window : null;
    }

    /// <summary>A pre- or post-check in the change's audit chain: the check runbook, what held, and the hash of its raw output.</summary>
    private Task<AuditEvent> RecordCheckAsync(RunRequest request, CheckResult check, CancellationToken cancellationToken, string? ignored = null)
    {
        var details = new Dictionary<string, string>
        {
            ["checkRunbook"] = check.Runbook,
            ["passed"] = check.Passed ? "true" : "false",
            ["summary"] = RequestJournal.Truncate(check.Summary, 400),
            ["attempts"] = check.Attempts.ToString(CultureInfo.InvariantCulture),
            ["outputSha256"] = check.OutputSha256,
            ["outputHashOf"] = "raw check output before redaction",
            ["rows"] = RequestJournal.Truncate(string.Join(" | ", check.Rows.Select(r => CompareEvaluator.Label(check.Show, check.Key, r))), 400),
        };
        if (check.Advisory)
        {
            details["advisory"] = "true";
        }

        if (ignored is not null)
        {
            details["ignored"] = ignored;
        }

        foreach (var (finding, i) in check.Findings.Take(8).Select((f, i) => (f, i)))
        {
            details[string.Create(CultureInfo.InvariantCulture, $"finding.{i}")] = RequestJournal.Truncate($"{(finding.Passed ? "held" : "failed")}: {finding.Rule}: {finding.Detail}", 200);
        }

        var kind = check.Phase == CheckPhase.Before ? AuditKind.PreChecked : check.Passed ? AuditKind.PostCheckPassed : AuditKind.PostCheckFailed;
        return AppendAsync(kind, request, check.Device, details, cancellationToken);
    }

    /// <summary>Queued → Running with our lease; null when another worker claimed it first or it is no longer queued.</summary>
    private Task<RunRequest?> ClaimAsync(RunRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return requests.UpdateAsync(request.Id, r => r.Status == RequestStatus.Queued
            ? r with { Status = RequestStatus.Running, Worker = _workerId, LeaseUntil = now + _options.RunLease, UpdatedAt = now }
            : null, cancellationToken);
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

        // A change made in a change window starts only while the window is open (a run already started may finish after it).
        if (request.ChangeWindow is not null && windows is not null)
        {
            var window = await windows.ForConversationAsync(request.Origin, request.ChangeWindow, cancellationToken);
            if (window is null)
            {
                return $"change window {request.ChangeWindow} is no longer on record";
            }

            if (catalog.FindDevice(request.Targets[0]) is { } device && ChangeWindowRules.CheckRun(window, runbook, device, time.GetUtcNow()) is { } outside)
            {
                return outside.Message;
            }
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
        var now = time.GetUtcNow();
        var failed = await requests.UpdateAsync(request.Id, r => r.Status == RequestStatus.Queued
            ? r with { Status = RequestStatus.Failed, StatusReason = problem, UpdatedAt = now }
            : null, cancellationToken);
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
            await deviceLocks.ReleaseAsync(failed, Actor.System, cancellationToken);
        }

        await journal.AnnounceAsync(failed, cancellationToken);
    }

    private async Task<DeviceRunSummary> RunDeviceAsync(RunRequest request, Runbook runbook, string name, Device? device, SemaphoreSlim parallel, CancellationToken cancellationToken)
    {
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
                    result = new DeviceRunResult(name, ExecutionStatus.TimedOut, -1, string.Empty, at, at, $"all {device.SessionLimit} sessions to {device.Name} stayed busy for the runbook's {runbook.Timeout.TotalSeconds:0.###} s timeout");
                }
                else
                {
                    var (commands, confirms) = CommandRenderer.RenderWithConfirms(runbook, device.Platform, request.Inputs);
                    var plan = new DeviceCommandPlan(request.Id, device, runbook.Name, runbook.Mode, commands, request.Inputs, runbook.Timeout) { Confirms = confirms };
                    result = await ExecuteSafelyAsync(executor, plan, cancellationToken);
                }
            }

            return await RecordDeviceResultAsync(request, result, device is null ? null : text => runbook.Parser?.Parse(device.Platform, text), cancellationToken);
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

    private async Task<DeviceRunSummary> RecordDeviceResultAsync(RunRequest request, DeviceRunResult result, Func<string, ParsedOutput?>? parse, CancellationToken cancellationToken)
    {
        var raw = Encoding.UTF8.GetBytes(result.RawOutput);
        var sha = Convert.ToHexStringLower(SHA256.HashData(raw));
        var redacted = OutputRedactor.Redact(result.RawOutput).Text;
        var kept = CapUtf8(redacted, _options.MaxStoredOutputBytes, out var truncated);
        // The chain also records the hash of exactly the text stored (redacted, maybe cut), so an edit to that text alone shows.
        var storedSha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kept)));
        await outputs.SaveAsync(new StoredOutput(request.Id, result.Device, kept, sha, raw.LongLength, truncated, _options.MaxStoredOutputBytes), cancellationToken);

        // Parsed from the redacted output (rows reach chat); a failed run has its error as the headline instead.
        var parsed = result.Status == ExecutionStatus.Succeeded ? parse?.Invoke(redacted) : null;
        // The question lines come from the device: redacted like the output they are part of.
        var answers = result.Answers.Count == 0 ? null : result.Answers.Select(a => a with { Question = OutputRedactor.Redact(a.Question).Text }).ToArray();
        var summary = new DeviceRunSummary(result.Device, result.Status, result.ReturnCode, sha, raw.LongLength, result.StartedAt, result.FinishedAt, result.Error) { Parsed = parsed, Answers = answers };
        var details = new Dictionary<string, string>
        {
            ["returnCode"] = result.ReturnCode.ToString(CultureInfo.InvariantCulture),
            ["outputSha256"] = sha,
            ["outputHashOf"] = "raw output before redaction",
            ["outputBytes"] = raw.LongLength.ToString(CultureInfo.InvariantCulture),
            ["storedOutputSha256"] = storedSha,
            ["durationMs"] = ((long)summary.Duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        };
        if (result.Error is not null)
        {
            details["error"] = result.Error;
        }

        if (answers is not null)
        {
            details["answered"] = string.Join("; ", answers.Select(a => a.ToString()));
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
            await journal.AnnounceDeviceAsync(request, result.Device, cancellationToken);
        }

        return summary;
    }

    private async Task FinishAsync(RunRequest running, DeviceRunSummary[] devices, DateTimeOffset startedAt, CheckResult? postCheck, CancellationToken cancellationToken)
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

        var finished = await requests.UpdateAsync(running.Id, r => r.Status == RequestStatus.Running
            ? r with
            {
                Status = status switch
                {
                    ExecutionStatus.Succeeded => RequestStatus.Succeeded,
                    ExecutionStatus.TimedOut => RequestStatus.TimedOut,
                    _ => RequestStatus.Failed,
                },
                Result = summary,
                PostCheck = postCheck,
                LeaseUntil = null,
                UpdatedAt = finishedAt,
            }
            : null, cancellationToken);
        if (finished is null)
        {
            // The lease ran out and the request was marked Interrupted meanwhile; the device results above are recorded.
            var current = await requests.GetAsync(running.Id, cancellationToken);
            Log.FinishedAfterInterruption(logger, running.Id, current?.Status ?? running.Status);
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

        if (finished is { RollbackOf: { } original, Status: RequestStatus.Succeeded } && await requests.GetAsync(original, cancellationToken) is { } rolledBack)
        {
            // In the rolled-back change's own story: it was undone, by which request, and whether that was verified.
            await AppendAsync(AuditKind.RolledBack, rolledBack, RequestJournal.SingleTarget(rolledBack), new Dictionary<string, string>
            {
                ["rollbackRequest"] = finished.Id,
                ["rollbackRunbook"] = finished.Runbook,
                ["verified"] = finished.PostCheck is { Passed: true } ? "true" : finished.PostCheck is null ? "no post-check" : "false",
            }, cancellationToken);
        }

        if (finished.IsStateChanging)
        {
            await deviceLocks.ReleaseAsync(finished, Actor.System, cancellationToken);
        }

        await journal.AnnounceAsync(finished, cancellationToken);
        Log.Finished(logger, finished.Id, finished.Status, (long)summary.Duration.TotalMilliseconds);
    }

    /// <summary>
    /// Every third of the run lease: extends the request's lease, the job's queue lock and the device lock. When the
    /// request is no longer Running here (the sweeper interrupted it), the run is cancelled.
    /// </summary>
    private async Task RenewWhileRunningAsync(RunRequest running, QueueLease<JobMessage> lease, CancellationTokenSource runCancellation, CancellationToken stopping)
    {
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, _options.RunLease.Ticks / 3));
        using var timer = new PeriodicTimer(period, time);
        var jobLease = lease;
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                var now = time.GetUtcNow();
                var renewed = await requests.UpdateAsync(running.Id, r => r.Status == RequestStatus.Running && string.Equals(r.Worker, _workerId, StringComparison.Ordinal)
                    ? r with { LeaseUntil = now + _options.RunLease, UpdatedAt = now }
                    : null, stopping);
                if (renewed is null)
                {
                    // Someone else (the sweeper) decided this run is gone: stop touching the device.
                    Log.LeaseLost(logger, running.Id);
                    await runCancellation.CancelAsync();
                    return;
                }

                jobLease = await jobs.RenewAsync(jobLease, workerOptions.Value.JobLockDuration, stopping) ?? jobLease;
                if (running.IsStateChanging)
                {
                    await deviceLocks.RenewAsync(running, now + _options.RunLease + _options.RunLease, stopping);
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

    /// <summary>A step of the run, recorded as done by this worker; about one device, or the only target when none is named.</summary>
    private Task<AuditEvent> AppendAsync(AuditKind kind, RunRequest request, string? device, IReadOnlyDictionary<string, string> details, CancellationToken cancellationToken) =>
        journal.RecordAsync(kind, Actor.System with { UserId = _workerId, DisplayName = "worker " + _workerId }, request, device ?? RequestJournal.SingleTarget(request), details, cancellationToken);
}
