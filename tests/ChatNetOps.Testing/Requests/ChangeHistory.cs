namespace ChatNetOps.Testing.Requests;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Time.Testing;

/// <summary>
/// Runs that ended before the device-change projection existed: each one's request record and audit events written as
/// SubmitService, DecisionService and the worker write them (Requested with mode and targets, Approved, one end event per
/// device and, for a fan-out, one for the request), and nothing announced, so the projection holds nothing of it.
/// </summary>
public sealed class ChangeHistory(IAuditLog audit, IRequestStore requests, FakeTimeProvider time)
{
    public static readonly Actor Carol = new(ChatPlatform.Slack, "U0CAROL0003", "Carol Castillo");
    public static readonly Actor Bob = new(ChatPlatform.Slack, "U0BOB000002", "Bob Brandt");
    public static readonly Actor Worker = new(ChatPlatform.Console, "worker-1", "worker worker-1");

    /// <summary>Only the request record of such a run (its audit events written by the test).</summary>
    public async Task<RunRequest> RecordOnlyAsync(string id, string[] targets, RequestStatus end, Actor? approver = null, string? incident = null)
    {
        var request = Build(id, targets, end, RunbookMode.StateChanging, "interface-shutdown", Carol, approver, incident, null);
        await requests.CreateAsync(request, CancellationToken.None);
        return request;
    }

    /// <summary>
    /// One run of <paramref name="runbook"/> on <paramref name="targets"/>, a minute long, ending now with
    /// <paramref name="end"/> (a device listed in <paramref name="failedDevices"/> fails; interrupted runs have no device
    /// results). Returns the stored request.
    /// </summary>
    public async Task<RunRequest> RunAsync(
        string id,
        string[] targets,
        RequestStatus end,
        RunbookMode mode = RunbookMode.StateChanging,
        string runbook = "interface-shutdown",
        Actor? requester = null,
        Actor? approver = null,
        string? incident = null,
        string[]? failedDevices = null)
    {
        var asker = requester ?? Carol;
        var request = Build(id, targets, end, mode, runbook, asker, approver, incident, failedDevices);
        await requests.CreateAsync(request, CancellationToken.None);

        var single = targets.Length == 1 ? targets[0] : null;
        await AppendAsync(AuditKind.Requested, asker, request, single, new Dictionary<string, string> { ["mode"] = mode.ToString(), ["targets"] = string.Join(",", targets) });
        if (approver is not null)
        {
            await AppendAsync(AuditKind.Approved, approver, request, single, new Dictionary<string, string>());
        }

        if (end == RequestStatus.Interrupted)
        {
            await AppendAsync(AuditKind.Interrupted, Actor.System, request, single, new Dictionary<string, string> { ["reason"] = "lease ran out" });
            return request;
        }

        foreach (var device in request.Result!.Devices)
        {
            await AppendAsync(KindOf(device.Status), Worker, request, device.Device, new Dictionary<string, string> { ["returnCode"] = "0" });
        }

        if (targets.Length > 1)
        {
            await AppendAsync(KindOf(request.Result.Status), Worker, request, null, new Dictionary<string, string> { ["devices"] = targets.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        return request;
    }

    private RunRequest Build(string id, string[] targets, RequestStatus end, RunbookMode mode, string runbook, Actor asker, Actor? approver, string? incident, string[]? failedDevices)
    {
        var finished = time.GetUtcNow();
        var started = finished.AddMinutes(-1);
        return new RunRequest(id, runbook, "1", mode, new Dictionary<string, string> { ["interface"] = "port3" }, targets, asker,
            new ConversationRef(ChatPlatform.Slack, "C0NOC0001", incident is null ? ChannelKind.Group : ChannelKind.Incident) { BoundTo = incident },
            incident, end, started.AddMinutes(-5))
        {
            ApprovalHash = TestData.Sha256(id),
            UpdatedAt = finished,
            Decision = approver is null ? null : new Decision(approver, started.AddMinutes(-2), true, "ok", TestData.Sha256(id)),
            Result = end == RequestStatus.Interrupted ? null : new ExecutionSummary(
                end == RequestStatus.Succeeded ? ExecutionStatus.Succeeded : end == RequestStatus.TimedOut ? ExecutionStatus.TimedOut : ExecutionStatus.Failed,
                0, TestData.Sha256(id + "out"), started, finished,
                [.. targets.Select(t => new DeviceRunSummary(t, failedDevices?.Contains(t) == true ? ExecutionStatus.Failed : end == RequestStatus.TimedOut ? ExecutionStatus.TimedOut : ExecutionStatus.Succeeded,
                    0, TestData.Sha256(t), 10, started, finished, null))]),
        };
    }

    private static AuditKind KindOf(ExecutionStatus status) => status switch
    {
        ExecutionStatus.Succeeded => AuditKind.Succeeded,
        ExecutionStatus.TimedOut => AuditKind.TimedOut,
        _ => AuditKind.Failed,
    };

    private Task<AuditEvent> AppendAsync(AuditKind kind, Actor actor, RunRequest request, string? device, Dictionary<string, string> details) =>
        audit.AppendAsync(new AuditEntry(kind, actor)
        {
            RequestId = request.Id,
            Runbook = request.Runbook,
            Device = device,
            Incident = request.Incident,
            Details = details,
        }, CancellationToken.None);
}
