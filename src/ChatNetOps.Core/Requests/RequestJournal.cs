namespace ChatNetOps.Core.Requests;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Queues;

/// <summary>
/// What every lifecycle step does once its write is stored, in this order: append the audit event, then tell whoever
/// waits (a worker through the job queue, the bot through the result queue). So the chat is only ever told what the
/// audit trail already holds. When a state-changing run ends, the last change of each of its devices is recorded
/// first (<see cref="IDeviceChangeStore"/>, when the storage provides one).
/// </summary>
public sealed class RequestJournal(IAuditLog audit, IRequestCardStore requestCards, IJobQueue jobs, IResultQueue results, TimeProvider time, IDeviceChangeStore? deviceChanges = null)
{
    private const int MaxAuditedMessageLength = 400;

    /// <summary>
    /// Appends a step of <paramref name="request"/>. The event links the request's card when one is posted (its link,
    /// when the platform gives one), otherwise the conversation the request came from.
    /// </summary>
    public async Task<AuditEvent> RecordAsync(AuditKind kind, Actor actor, RunRequest request, string? device, IReadOnlyDictionary<string, string> details, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var card = await requestCards.GetAsync(request.Id, cancellationToken);
        return await audit.AppendAsync(new AuditEntry(kind, actor)
        {
            RequestId = request.Id,
            Runbook = request.Runbook,
            Device = device,
            Incident = request.Incident,
            MessageLink = card?.Link ?? request.Origin.Link,
            Details = details,
        }, cancellationToken);
    }

    /// <summary>Appends a refusal that made no request (or names none that exists): who, what and where, and why.</summary>
    public Task<AuditEvent> RecordDenialAsync(Actor actor, DenialReason reason, string message, ConversationRef conversation, IEnumerable<(string Key, string Value)> details, string? runbook, string? device, string? incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var map = new Dictionary<string, string>(StringComparer.Ordinal) { ["reason"] = reason.ToString(), ["message"] = Truncate(message, MaxAuditedMessageLength) };
        foreach (var (key, value) in details)
        {
            map.TryAdd(key, value);
        }

        return audit.AppendAsync(new AuditEntry(AuditKind.Denied, actor)
        {
            Runbook = runbook,
            Device = device,
            Incident = incident,
            MessageLink = conversation.Link,
            Details = map,
        }, cancellationToken);
    }

    /// <summary>Records that <paramref name="request"/> is Queued, then hands its job to the workers.</summary>
    public async Task QueueAsync(RunRequest request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        await RecordAsync(AuditKind.Queued, actor, request, SingleTarget(request), new Dictionary<string, string>
        {
            ["targets"] = string.Join(",", request.Targets),
        }, cancellationToken);
        await jobs.EnqueueAsync(new JobMessage("job-" + request.Id, request.Id, now, request.TraceParent), cancellationToken);
    }

    /// <summary>
    /// Hands a change's pre-check to the workers: a read-only look at the device while the request is still Requested
    /// (no approval is needed to read; the worker records the check before the request moves on).
    /// </summary>
    public Task QueuePreCheckAsync(RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return jobs.EnqueueAsync(new JobMessage("precheck-" + request.Id, request.Id, time.GetUtcNow(), request.TraceParent), cancellationToken);
    }

    /// <summary>
    /// Tells the bot that <paramref name="request"/> has a new status; a state-changing run that ended (Succeeded,
    /// Failed, TimedOut, Interrupted) is first recorded as the last change of each of its devices.
    /// </summary>
    public async Task AnnounceAsync(RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (deviceChanges is not null && LastChanges(request) is { Count: > 0 } changes)
        {
            await deviceChanges.RecordAsync(changes, cancellationToken);
        }

        await results.EnqueueAsync(
            new ResultMessage($"{request.Id}:{request.Status}", request.Id, ResultKind.StatusChanged, request.Status, time.GetUtcNow(), request.TraceParent),
            cancellationToken);
    }

    /// <summary>
    /// What a state-changing run that ended leaves as each device's last change: the device's own result when the run
    /// recorded one (a fan-out ends differently per device), else the request's; nothing for a run that did not end.
    /// </summary>
    public static IReadOnlyList<DeviceLastChange> LastChanges(RunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.IsStateChanging || ResultOf(request.Status) is not { } result)
        {
            return [];
        }

        var at = request.Result?.FinishedAt ?? request.UpdatedAt;
        var approver = request.Decision is { Approved: true } decision ? decision.By.DisplayName : null;
        return [.. request.Targets.Select(device =>
        {
            var own = request.Result?.Devices.FirstOrDefault(d => string.Equals(d.Device, device, StringComparison.OrdinalIgnoreCase));
            var status = own is null ? result : own.Status switch
            {
                ExecutionStatus.Succeeded => "succeeded",
                ExecutionStatus.TimedOut => "timed out",
                _ => "failed",
            };
            return new DeviceLastChange(device, request.Id, request.Runbook, status, at, request.Requester.DisplayName, approver);
        })];
    }

    private static string? ResultOf(RequestStatus status) => status switch
    {
        RequestStatus.Succeeded => "succeeded",
        RequestStatus.Failed => "failed",
        RequestStatus.TimedOut => "timed out",
        RequestStatus.Interrupted => "interrupted",
        _ => null,
    };

    /// <summary>Tells the bot that one device of a fan-out run finished.</summary>
    public Task AnnounceDeviceAsync(RunRequest request, string device, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return results.EnqueueAsync(
            new ResultMessage($"{request.Id}:{request.Status}:{device}", request.Id, ResultKind.DeviceFinished, request.Status, time.GetUtcNow(), request.TraceParent) { Device = device },
            cancellationToken);
    }

    /// <summary>The device a step is about when the request has one target; null for a fan-out.</summary>
    public static string? SingleTarget(RunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Targets.Count == 1 ? request.Targets[0] : null;
    }

    internal static string Truncate(string value, int max) =>
        value.Length <= max ? value : value[..max] + "…";
}
