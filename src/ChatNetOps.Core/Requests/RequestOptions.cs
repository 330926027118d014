namespace ChatNetOps.Core.Requests;

using System.ComponentModel.DataAnnotations;

/// <summary>Lifecycle timings and limits. Bound from the <c>Requests</c> configuration section.</summary>
public sealed class RequestOptions
{
    public const string SectionName = "Requests";

    /// <summary>How long a state-changing request waits for approval when its runbook sets no expiry.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "1.00:00:00")]
    public TimeSpan ApprovalExpiry { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a worker's claim on a running request lasts before it must be renewed.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan RunLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long an approved (queued) state-changing request keeps its device lock before a worker claims it. Before
    /// approval the lock's lease is the approval expiry, never longer.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:30", "1.00:00:00")]
    public TimeSpan QueuedLockLease { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Redacted output kept per device; larger output is cut and the cut is stated.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxStoredOutputBytes { get; set; } = 1024 * 1024;

    /// <summary>Devices a single fan-out run works on at once, per worker.</summary>
    [Range(1, 1024)]
    public int MaxParallelDevices { get; set; } = 32;
}
