namespace ChatNetOps.Core;

using ChatNetOps.Core.Audit.Checkpoints;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Logging;

/// <summary>The ChatNetOps.Core log messages, all in one place (EventIds: the project's range in docs/architecture.md, "Logging and tracing").</summary>
internal static partial class Log
{
    // Queues/PollingConsumer
    [LoggerMessage(EventId = 1401, Level = LogLevel.Error, Message = "Receiving from the queue failed; retrying")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Error, Message = "A queue message handler failed; the message is abandoned for redelivery")]
    public static partial void HandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Settling a queue message failed; it is delivered again when its lock expires")]
    public static partial void SettleFailed(ILogger logger, Exception exception);

    // Audit/InboundRefusalFlusher
    [LoggerMessage(EventId = 1601, Level = LogLevel.Error, Message = "Could not write the summary of refused inbound requests to the audit trail; it is written with the next one")]
    public static partial void FlushFailed(ILogger logger, Exception exception);

    // Worker/WorkerService
    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Worker {WorkerId} consuming jobs, {MaxConcurrentJobs} at a time")]
    public static partial void Started(ILogger logger, string workerId, int maxConcurrentJobs);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "Job {JobId} failed unexpectedly; abandoned for redelivery")]
    public static partial void JobFailed(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Critical, Message = "Receiving from the job queue failed {Failures} times in a row: no job runs until it recovers; /readyz reports it")]
    public static partial void ReceiveKeepsFailing(ILogger logger, int failures);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Information, Message = "Receiving from the job queue works again")]
    public static partial void ReceiveRecovered(ILogger logger);

    // Worker/SweepService
    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Sweep expired or interrupted {Count} requests")]
    public static partial void Swept(ILogger logger, int count);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "Sweep failed; will retry")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    // Worker/JobRunner
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

    // Requests/SubmitService and DecisionService
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Request by {UserId} for runbook {Runbook} denied: {Reason}")]
    public static partial void Denied(ILogger logger, string userId, string runbook, DenialReason reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Device {Device} is locked by request {HolderRequestId}; refused request by {UserId}")]
    public static partial void DeviceLocked(ILogger logger, string device, string holderRequestId, string userId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "{Action} of request {RequestId} by {UserId} refused: {Reason}")]
    public static partial void Refused(ILogger logger, string action, string requestId, string userId, DenialReason reason);

    // Inventory/Sources/InventoryRefresher
    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "{Kind} read: {Devices} devices, {Validated} new or changed (validated), {Problems} problems; snapshot {Version}")]
    public static partial void Refreshed(ILogger logger, string kind, int devices, int validated, int problems, string? version);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "{Kind} {Location} could not be read ({Reason}); the snapshot of {FetchedAt} keeps serving and is stale")]
    public static partial void RefreshFailed(ILogger logger, string kind, string location, string reason, DateTimeOffset? fetchedAt);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Information, Message = "Serving the {Kind} snapshot of {FetchedAt} ({Devices} devices) from {Path}")]
    public static partial void SnapshotLoaded(ILogger logger, string kind, int devices, DateTimeOffset fetchedAt, string path);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Warning, Message = "The inventory snapshot could not be read: {Problem}")]
    public static partial void SnapshotUnreadable(ILogger logger, string problem);

    [LoggerMessage(EventId = 1505, Level = LogLevel.Warning, Message = "The inventory snapshot could not be written to {Path}: {Problem}; a restart while the source is down will not have it")]
    public static partial void SnapshotNotWritten(ILogger logger, string path, string problem);

    [LoggerMessage(EventId = 1701, Level = LogLevel.Debug, Message = "Audit checkpoint {Position} written ({Reason}): {Changed} chain head(s) moved, {Partitions} partition(s) anchored, {ElapsedMs:F1} ms")]
    public static partial void Written(ILogger logger, long position, AuditCheckpointReason reason, int changed, int partitions, double elapsedMs);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Error, Message = "Could not write an audit checkpoint ({Reason}) to {Sink}; the events stay pending and the next attempt includes them")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception, AuditCheckpointReason reason, string sink);

    [LoggerMessage(EventId = 1703, Level = LogLevel.Error, Message = "The audit checkpoint log holds a record that does not verify, left out: {Location}: {Problem}")]
    public static partial void LogProblem(ILogger logger, string location, string problem);

    [LoggerMessage(EventId = 1704, Level = LogLevel.Error, Message = "Audit partition {Partition}: event {Sequence} this process appended differs from the one a checkpoint anchors; the chain was forked or rewritten, run 'chatnetops audit verify'")]
    public static partial void ForkedHead(ILogger logger, string partition, long sequence);

    [LoggerMessage(EventId = 1705, Level = LogLevel.Error, Message = "Adopting the store's audit chains into the first checkpoint: {Partition} is broken after event {Events} ({Problem}); only the events before the break are anchored")]
    public static partial void AdoptedUpToBreak(ILogger logger, string partition, long events, string problem);

    [LoggerMessage(EventId = 1700, Level = LogLevel.Information, Message = "Audit checkpoints: {Sink}, key {KeySource} (key id {KeyId}); written every {EveryEvents} events per partition or {Interval} while events wait, at incident close and at shutdown")]
    public static partial void Anchoring(ILogger logger, string sink, string keySource, string keyId, int everyEvents, TimeSpan interval);

    [LoggerMessage(EventId = 1801, Level = LogLevel.Error, Message = "Audit event {EventId} could not be queued for {Sink} ({Error}); the dispatcher catches up from the audit chain")]
    public static partial void EnqueueFailed(ILogger logger, string eventId, string sink, string error);

    [LoggerMessage(EventId = 1802, Level = LogLevel.Information, Message = "Delivered {EntryId} to {Sink} (attempt {Attempt})")]
    public static partial void Delivered(ILogger logger, string entryId, string sink, int attempt);

    [LoggerMessage(EventId = 1803, Level = LogLevel.Warning, Message = "Delivery of {EntryId} failed (attempt {Attempt}), next attempt at {NextAttempt:O}: {Reason}")]
    public static partial void WillRetry(ILogger logger, string entryId, int attempt, DateTimeOffset nextAttempt, string reason);

    [LoggerMessage(EventId = 1804, Level = LogLevel.Error, Message = "{EntryId} moved to the dead-letter list after {Attempts} attempt(s): {Reason}. Fix the cause, then 'chatnetops changes retry {EntryId}'")]
    public static partial void Dead(ILogger logger, string entryId, int attempts, string reason);

    [LoggerMessage(EventId = 1805, Level = LogLevel.Information, Message = "Created {Sink} ticket {Number} for {Incident}")]
    public static partial void TicketCreated(ILogger logger, string sink, string number, string incident);

    [LoggerMessage(EventId = 1898, Level = LogLevel.Warning, Message = "Telling the chat that {Sink} ticket {Number} of {Incident} exists failed; the ticket is linked, cards posted before it keep showing none")]
    public static partial void TicketListenerFailed(ILogger logger, Exception exception, string sink, string number, string incident);

    [LoggerMessage(EventId = 1806, Level = LogLevel.Warning, Message = "Found {Sink} ticket {Number} for {Incident} left by an interrupted create; not creating another")]
    public static partial void TicketFound(ILogger logger, string sink, string number, string incident);

    [LoggerMessage(EventId = 1807, Level = LogLevel.Error, Message = "The change-record dispatcher pass failed ({Error}); retrying at the next poll")]
    public static partial void PassFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 1808, Level = LogLevel.Information, Message = "Caught up {Count} change-record event(s) from the audit chain")]
    public static partial void CaughtUp(ILogger logger, int count);

    [LoggerMessage(EventId = 1897, Level = LogLevel.Error, Message = "Change-record catch-up: the audit chain of {Incident} breaks after event {Events}; nothing after the break is sent, run 'chatnetops audit verify'")]
    public static partial void CatchUpStoppedAtBreak(ILogger logger, string incident, long events);

    [LoggerMessage(EventId = 1899, Level = LogLevel.Warning, Message = "{Sink} says its rate limit is used up; its change-record events wait until {Until:O}")]
    public static partial void SinkPaused(ILogger logger, string sink, DateTimeOffset until);

    [LoggerMessage(EventId = 1990, Level = LogLevel.Warning, Message = "Change window: {System} could not {Operation}; nothing was opened")]
    public static partial void ChangeTicketFailed(ILogger logger, Exception exception, string system, string operation);

    [LoggerMessage(EventId = 1991, Level = LogLevel.Information, Message = "Recorded {Count} change-window transition(s)")]
    public static partial void ChangeWindowsSwept(ILogger logger, int count);

    [LoggerMessage(EventId = 1992, Level = LogLevel.Information, Message = "Expired {Count} unconfirmed severity proposal(s)")]
    public static partial void SeverityProposalsExpired(ILogger logger, int count);
    // Requests/DeviceChangeBackfill
    [LoggerMessage(EventId = 1985, Level = LogLevel.Information, Message = "Filling the last change of each device from the audit trail (once per store; claimed by {Owner})")]
    public static partial void BackfillStarted(ILogger logger, string owner);

    [LoggerMessage(EventId = 1986, Level = LogLevel.Information, Message = "Filled the last change of each device from the audit trail: {Events} events read, {Runs} ended state-changing runs, {Recorded} device entries recorded, {Skipped} run endings skipped (request not on record or not matching), {BrokenChains} chains failing verification")]
    public static partial void BackfillFinished(ILogger logger, long events, long runs, long recorded, long skipped, int brokenChains);

    [LoggerMessage(EventId = 1987, Level = LogLevel.Warning, Message = "Audit partition {Partition} fails verification after {Events} events ({Problem}); the last-change fill uses none of its events from there on. Run 'chatnetops audit verify'")]
    public static partial void BackfillChainBroken(ILogger logger, string partition, long events, string problem);

    [LoggerMessage(EventId = 1988, Level = LogLevel.Information, Message = "The last change of each device was filled from the audit trail at {CompletedAt:O} by {Owner}; nothing to do")]
    public static partial void BackfillAlreadyDone(ILogger logger, DateTimeOffset completedAt, string owner);

    [LoggerMessage(EventId = 1989, Level = LogLevel.Information, Message = "{Owner} is filling the last change of each device from the audit trail (claim until {Until:O}); this replica looks again then")]
    public static partial void BackfillElsewhere(ILogger logger, string owner, DateTimeOffset until);

    [LoggerMessage(EventId = 1984, Level = LogLevel.Warning, Message = "{Owner} lost its claim on filling the last change of each device (it ran out and another replica took it); this one stops and waits for that one")]
    public static partial void BackfillClaimLost(ILogger logger, string owner);

    [LoggerMessage(EventId = 1983, Level = LogLevel.Error, Message = "Filling the last change of each device from the audit trail failed; trying again in {RetryDelay}")]
    public static partial void BackfillFailed(ILogger logger, Exception exception, TimeSpan retryDelay);
}
