namespace ChatNetOps.Core.Audit.Checkpoints;

using System.ComponentModel.DataAnnotations;

/// <summary>
/// How often chains are anchored (section <c>Audit:Checkpoints</c>): a checkpoint is written as soon as a partition has
/// <see cref="EveryEvents"/> events not yet anchored, at least every <see cref="Interval"/> while any event is not yet
/// anchored, whenever an incident is closed, and when the host stops. Where checkpoints and their key live is chosen by
/// the storage package (<c>Audit:Checkpoints:Provider</c>, <c>Audit:Key:Provider</c>).
/// </summary>
public sealed class AuditCheckpointOptions
{
    public const string SectionName = "Audit:Checkpoints";

    /// <summary>Events appended to one partition before a checkpoint is written at once.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Audit:Checkpoints:EveryEvents must be between 1 and 1,000,000.")]
    public int EveryEvents { get; set; } = 1000;

    /// <summary>The longest an appended event waits to be anchored (while the host runs).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Audit:Checkpoints:Interval must be between 1 second and 1 day.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Every this many checkpoints one lists every chain's head (the others list only the heads that moved).</summary>
    [Range(1, 100_000, ErrorMessage = "Audit:Checkpoints:FullEvery must be between 1 and 100,000.")]
    public int FullEvery { get; set; } = 100;
}
