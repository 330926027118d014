namespace ChatNetOps.Testing.Audit;

using System.Globalization;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Time.Testing;

/// <summary>
/// Writes audit events through a real <see cref="IAuditLog"/> (so the hash chain is the trail's own), in the shapes
/// SubmitService, DecisionService, JobRunner, IncidentService and the dialog write them, at times a <see cref="FakeTimeProvider"/> sets.
/// For report tests and the report benchmark.
/// </summary>
public sealed class AuditScenario(IAuditLog log, FakeTimeProvider time)
{
    private int _next;

    public FakeTimeProvider Time => time;

    public static Actor Member(string id) => new(ChatPlatform.Slack, "U-" + id.ToUpperInvariant(), id) { MemberId = id };

    public void Advance(TimeSpan by) => time.Advance(by);

    public Task OpenIncidentAsync(string id, string title, int severity, Actor actor) =>
        AppendAsync(new AuditEntry(AuditKind.IncidentOpened, actor)
        {
            Incident = id,
            Details = new Dictionary<string, string> { ["title"] = title, ["severity"] = severity.ToString(CultureInfo.InvariantCulture), ["conversation"] = "C-OPS", ["platform"] = "Slack" },
        });

    public Task CloseIncidentAsync(string id, Actor actor) =>
        AppendAsync(new AuditEntry(AuditKind.IncidentClosed, actor) { Incident = id, Details = new Dictionary<string, string> { ["conversation"] = "C-OPS" } });

    /// <summary>A refusal as the dialog or SubmitService records it; <paramref name="text"/> is what the user typed.</summary>
    public Task DenyAsync(Actor actor, string reason, string? runbook = null, string channelKind = "Incident", string? text = null, string? incident = null)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["action"] = text is null ? "run" : "parse",
            ["reason"] = reason,
            ["message"] = "refused: " + reason,
            ["channelKind"] = channelKind,
            ["conversation"] = "C-OPS",
        };
        if (text is not null)
        {
            details["text"] = text;
        }

        return AppendAsync(new AuditEntry(AuditKind.Denied, actor) { Runbook = runbook, Incident = incident, Details = details });
    }

    /// <summary>Requested (and for a change LockTaken and ApprovalRequested); returns the request id.</summary>
    public async Task<ScenarioRequest> RequestAsync(Actor requester, string runbook, string device, bool stateChanging, string? incident = null)
    {
        var request = new ScenarioRequest("REQ-" + Interlocked.Increment(ref _next).ToString("D6", CultureInfo.InvariantCulture), runbook, device, incident, requester);
        await AppendAsync(Entry(AuditKind.Requested, requester, request, new Dictionary<string, string>
        {
            ["mode"] = stateChanging ? "StateChanging" : "ReadOnly",
            ["runbookVersion"] = "1",
            ["targets"] = device,
            ["conversation"] = "C-OPS",
            ["channelKind"] = "Incident",
            ["approvalHash"] = "0000",
        }));
        if (stateChanging)
        {
            await AppendAsync(Entry(AuditKind.LockTaken, requester, request, new Dictionary<string, string> { ["leaseUntil"] = "later" }));
            await AppendAsync(Entry(AuditKind.ApprovalRequested, requester, request, new Dictionary<string, string> { ["expiresAt"] = "later", ["approvers"] = "carol" }));
        }

        return request;
    }

    public async Task DecideAsync(ScenarioRequest request, Actor decider, bool approve)
    {
        await AppendAsync(Entry(approve ? AuditKind.Approved : AuditKind.Rejected, decider, request, approve
            ? new Dictionary<string, string> { ["approvalHash"] = "0000", ["requester"] = request.Requester.ToString() }
            : new Dictionary<string, string> { ["reason"] = "not now" }));
        if (!approve)
        {
            await AppendAsync(Entry(AuditKind.LockReleased, decider, request, new Dictionary<string, string> { ["status"] = "Rejected" }));
        }
    }

    public async Task ExpireAsync(ScenarioRequest request)
    {
        await AppendAsync(Entry(AuditKind.Expired, Actor.System, request, new Dictionary<string, string> { ["expiresAt"] = "then" }));
        await AppendAsync(Entry(AuditKind.LockReleased, Actor.System, request, new Dictionary<string, string> { ["status"] = "Expired" }));
    }

    /// <summary>Queued, Started, then the device result after <paramref name="duration"/>.</summary>
    public async Task RunAsync(ScenarioRequest request, AuditKind outcome, TimeSpan duration)
    {
        var worker = Actor.System with { UserId = "w1", DisplayName = "worker w1" };
        await AppendAsync(Entry(AuditKind.Queued, request.Requester, request, new Dictionary<string, string> { ["targets"] = request.Device }));
        await AppendAsync(Entry(AuditKind.Started, worker, request, new Dictionary<string, string> { ["inventory.source"] = "local file" }));
        time.Advance(duration);
        await AppendAsync(Entry(outcome, worker, request, new Dictionary<string, string>
        {
            ["returnCode"] = outcome == AuditKind.Succeeded ? "0" : "1",
            ["outputSha256"] = "ab",
            ["outputHashOf"] = "raw output before redaction",
            ["outputBytes"] = "10",
            ["durationMs"] = ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        }));
    }

    public Task LockRefusedAsync(Actor requester, string runbook, string device) =>
        AppendAsync(new AuditEntry(AuditKind.LockRefused, requester)
        {
            RequestId = "REQ-L" + Interlocked.Increment(ref _next).ToString("D6", CultureInfo.InvariantCulture),
            Runbook = runbook,
            Device = device,
            Details = new Dictionary<string, string> { ["heldBy"] = "someone", ["heldByRequest"] = "REQ-X", ["runbook"] = runbook },
        });

    public Task<AuditEvent> AppendAsync(AuditEntry entry) => log.AppendAsync(entry, CancellationToken.None);

    private static AuditEntry Entry(AuditKind kind, Actor actor, ScenarioRequest request, Dictionary<string, string> details) =>
        new(kind, actor) { RequestId = request.Id, Runbook = request.Runbook, Device = request.Device, Incident = request.Incident, Details = details };
}

public sealed record ScenarioRequest(string Id, string Runbook, string Device, string? Incident, Actor Requester);
