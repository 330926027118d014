namespace ChatNetOps.Core.Incidents;

using ChatNetOps.Core.Requests;

/// <summary>A request as its verified chain events record it: who asked, who decided, what ran where, and how it ended.</summary>
public sealed record RequestRecord(string Id)
{
    public string? Runbook { get; init; }

    public string? RunbookVersion { get; init; }

    public string? Mode { get; init; }

    public IReadOnlyList<string> Targets { get; init; } = [];

    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>();

    public Actor? RequestedBy { get; init; }

    public DateTimeOffset? RequestedAt { get; init; }

    /// <summary>The approval or rejection, when one was recorded.</summary>
    public Actor? DecidedBy { get; init; }

    public bool? Approved { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    public string? DecisionReason { get; init; }

    public string? ApprovalHash { get; init; }

    /// <summary>The change window the request was made in, when its conversation was bound to one.</summary>
    public string? ChangeWindow { get; init; }

    /// <summary>What kind of decision approved it: a second engineer's (<c>RunbookRun</c>), or a window's acknowledgement (a standard change).</summary>
    public string? DecisionKind { get; init; }

    /// <summary>The status the request's last lifecycle event implies.</summary>
    public RequestStatus? Status { get; init; }

    /// <summary>The non-zero return code of a device, else 0, once the run finished.</summary>
    public int? ReturnCode { get; init; }

    /// <summary>The run's output hash (one device's raw output, or over the ordered per-device hashes).</summary>
    public string? OutputSha256 { get; init; }

    public IReadOnlyList<DeviceResultRecord> Devices { get; init; } = [];

    /// <summary>The pre- and post-checks of a change (before/after evidence), in chain order.</summary>
    public IReadOnlyList<CheckRecord> Checks { get; init; } = [];

    /// <summary>The change this request rolled back (its Requested event's <c>rollbackOf</c>).</summary>
    public string? RollbackOf { get; init; }

    /// <summary>The request that rolled this change back (its RolledBack event).</summary>
    public string? RolledBackBy { get; init; }

    /// <summary>Whether it ran on a device: it started, or a device's result is recorded.</summary>
    public bool Ran { get; init; }

    /// <summary>Refused when it was asked (the device was locked by another request): it never got a requests row.</summary>
    public bool NeverStored { get; init; }

    /// <summary>The message link of the request's first event.</summary>
    public string? MessageLink { get; init; }

    /// <summary>Sequences of the request's first and last events in the incident's chain.</summary>
    public long FirstEvent { get; init; }

    public long LastEvent { get; init; }
}
