namespace ChatNetOps.Testing;

using System.Security.Cryptography;
using System.Text;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Queues;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Time.Testing;

/// <summary>Hand-written builders for the Core records tests need; every argument has a sensible default.</summary>
public static class TestData
{
    /// <summary>The instant every <see cref="Clock"/> starts at.</summary>
    public static DateTimeOffset Epoch { get; } = new(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);

    public static FakeTimeProvider Clock() => new(Epoch);

    /// <summary>A unique id with a readable prefix, e.g. <c>REQ-3f9a0c1b2d4e</c>.</summary>
    public static string Id(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static Actor Actor(string userId = "U-ALICE", string displayName = "Alice Ops", ChatPlatform platform = ChatPlatform.Slack, string? memberId = "alice") =>
        new(platform, userId, displayName) { MemberId = memberId };

    public static ConversationRef Conversation(
        string conversationId = "C-NOC",
        ChatPlatform platform = ChatPlatform.Slack,
        ChannelKind kind = ChannelKind.Group,
        string? boundTo = null) =>
        new(platform, conversationId, kind) { BoundTo = boundTo };

    /// <summary>Where a request's card is: a Slack message with its link.</summary>
    public static RequestCard Card(string? requestId = null, string messageId = "1710408413.000200", ChatPlatform platform = ChatPlatform.Slack, string conversationId = "C-NOC") =>
        new(requestId ?? Id("REQ"), platform, conversationId, messageId) { Link = $"slack://channel?id={conversationId}&message={messageId}" };

    public static RunRequest Request(
        string? id = null,
        RequestStatus status = RequestStatus.Requested,
        string? incident = null,
        RunbookMode mode = RunbookMode.ReadOnly,
        string runbook = "verify-ospf",
        string target = "lab-fw1",
        DateTimeOffset? createdAt = null,
        Actor? requester = null)
    {
        var at = createdAt ?? Epoch;
        return new RunRequest(
            Id: id ?? Id("REQ"),
            Runbook: runbook,
            RunbookVersion: "1",
            Mode: mode,
            Inputs: new Dictionary<string, string> { ["area"] = "0" },
            Targets: [target],
            Requester: requester ?? Actor(),
            Origin: Conversation(kind: incident is null ? ChannelKind.Group : ChannelKind.Incident, boundTo: incident),
            Incident: incident,
            Status: status,
            CreatedAt: at)
        {
            UpdatedAt = at,
            ApprovalHash = Sha256(runbook + target),
        };
    }

    /// <summary>A request with every optional field set, non-UTC offsets and non-ASCII text: the round-trip torture case.</summary>
    public static RunRequest FullRequest(string? id = null)
    {
        var plus2 = new DateTimeOffset(2025, 3, 14, 11, 26, 53, 123, TimeSpan.FromHours(2)).AddTicks(4567);
        var minus5 = new DateTimeOffset(2025, 3, 14, 4, 30, 0, TimeSpan.FromHours(-5)).AddTicks(1);
        var device = new DeviceRunSummary("lab-fw1", ExecutionStatus.Succeeded, 0, Sha256("out-1"), 1234, plus2, plus2.AddSeconds(3.5), null);
        var failed = new DeviceRunSummary("lab-rtr2", ExecutionStatus.TimedOut, 124, Sha256("out-2"), 0, plus2, plus2.AddMinutes(2), "timed out after 120 s");
        return new RunRequest(
            Id: id ?? Id("REQ"),
            Runbook: "bounce-interface",
            RunbookVersion: "3",
            Mode: RunbookMode.StateChanging,
            Inputs: new Dictionary<string, string> { ["interface"] = "port1", ["reason"] = "flapping — «Zürich» 🚨", ["empty"] = string.Empty },
            Targets: ["lab-fw1", "lab-rtr2"],
            Requester: Actor("U-ALICE", "Alice Ops"),
            Origin: new ConversationRef(ChatPlatform.Teams, "19:abc@thread.tacv2", ChannelKind.Incident)
            {
                ThreadId = "1710408400.000100",
                BoundTo = "INC-42",
                Link = "https://teams.example/l/message/1",
            },
            Incident: "INC-42",
            Status: RequestStatus.Succeeded,
            CreatedAt: plus2)
        {
            UpdatedAt = minus5,
            ExpiresAt = plus2.AddMinutes(15),
            Decision = new Decision(Actor("U-BOB", "Bob Approver", ChatPlatform.Teams, "bob"), minus5, true, "looks right", Sha256("approve")),
            ApprovalHash = Sha256("approve"),
            Worker = "worker-7",
            LeaseUntil = minus5.AddMinutes(5),
            Result = new ExecutionSummary(ExecutionStatus.Failed, 124, Sha256("all"), plus2, plus2.AddMinutes(2), [device, failed]),
            StatusReason = "one device timed out",
            TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        };
    }

    public static DeviceLock Lock(
        string device = "lab-fw1",
        string? requestId = null,
        DateTimeOffset? acquiredAt = null,
        TimeSpan? lease = null,
        Actor? owner = null,
        string? incident = "INC-42") =>
        new(
            Device: device,
            RequestId: requestId ?? Id("REQ"),
            Owner: owner ?? Actor(),
            Runbook: "bounce-interface",
            Incident: incident,
            AcquiredAt: acquiredAt ?? Epoch,
            LeaseUntil: (acquiredAt ?? Epoch) + (lease ?? TimeSpan.FromMinutes(15)));

    public static Incident Incident(
        string? id = null,
        IncidentState state = IncidentState.Open,
        DateTimeOffset? openedAt = null,
        params ConversationRef[] conversations) =>
        new(id ?? Id("INC"), "OSPF flapping in DC1", 2, state, Actor(), openedAt ?? Epoch)
        {
            Conversations = conversations,
        };

    public static AuditEntry AuditEntry(
        AuditKind kind = AuditKind.Requested,
        string? incident = "INC-42",
        string? requestId = null,
        string? device = "lab-fw1",
        Actor? actor = null) =>
        new(kind, actor ?? Actor())
        {
            RequestId = requestId ?? Id("REQ"),
            Runbook = "verify-ospf",
            Device = device,
            Incident = incident,
            MessageLink = "https://slack.example/archives/C-NOC/p1710408413000200",
            Details = new Dictionary<string, string> { ["reason"] = "adjacency down", ["rc"] = "0" },
        };

    /// <summary>A correctly hashed event that follows <paramref name="previous"/> (or starts <paramref name="partition"/>).</summary>
    public static AuditEvent AuditEvent(string partition, AuditEvent? previous = null, DateTimeOffset? at = null, AuditKind kind = AuditKind.Started)
    {
        var sequence = (previous?.Sequence ?? 0) + 1;
        var unsigned = new AuditEvent(
            Id: $"{partition}:{sequence:D10}",
            Partition: partition,
            Sequence: sequence,
            Timestamp: at ?? Epoch.AddSeconds(sequence),
            Kind: kind,
            Actor: Actor(),
            RequestId: "REQ-1",
            Runbook: "verify-ospf",
            Device: "lab-fw1",
            Incident: partition.StartsWith(AuditPartitions.DayPrefix, StringComparison.Ordinal) ? null : partition,
            MessageLink: null,
            Details: new Dictionary<string, string> { ["rc"] = "0", ["note"] = "ünïcode ✓" },
            PreviousHash: previous?.Hash ?? AuditHasher.Genesis,
            Hash: string.Empty);
        return unsigned with { Hash = AuditHasher.ComputeHash(unsigned) };
    }

    public static JobMessage Job(string? jobId = null, DateTimeOffset? enqueuedAt = null, DateTimeOffset? expiresAt = null, string? requestId = null) =>
        new(jobId ?? Id("JOB"), requestId ?? Id("REQ"), enqueuedAt ?? Epoch, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        {
            ExpiresAt = expiresAt,
        };

    public static ResultMessage Result(string? messageId = null, RequestStatus status = RequestStatus.Running, DateTimeOffset? at = null, string? device = "lab-fw1") =>
        new(messageId ?? Id("RES"), Id("REQ"), ResultKind.StatusChanged, status, at ?? Epoch, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        {
            Device = device,
        };

    public static StoredOutput Output(string requestId, string device = "lab-fw1", string text = "OSPF neighbor 10.0.0.2 FULL") =>
        new(requestId, device, text, Sha256(text), Encoding.UTF8.GetByteCount(text), false, 65536);
}
