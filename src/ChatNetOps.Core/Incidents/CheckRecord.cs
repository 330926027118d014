namespace ChatNetOps.Core.Incidents;

/// <summary>
/// A pre- or post-check of a change as its chain event records it: the evidence an export carries before and after
/// (the check runbook, whether the compare rules held, the key rows, and the hash of the raw check output).
/// </summary>
public sealed record CheckRecord(string Phase, string? Runbook, string? Device, bool Passed, string? Summary, string? Rows, string? OutputSha256, long Sequence)
{
    public int? Attempts { get; init; }
}
