namespace ChatNetOps.Core.Checks;

/// <summary>
/// A runbook's <c>pre_check:</c> or <c>post_check:</c>: a read-only runbook run on the change's device with inputs
/// mapped from the change's. A failed pre-check refuses the request unless it is <see cref="Advisory"/>; a post-check
/// that fails is tried again every <see cref="Every"/> until <see cref="Within"/> has passed (OSPF needs time to re-form).
/// </summary>
public sealed record CheckStep(RunbookLink Link, bool Advisory, TimeSpan Within, TimeSpan Every)
{
    /// <summary>The longest retry window a check may declare.</summary>
    public static readonly TimeSpan MaxWithin = TimeSpan.FromMinutes(10);
}
