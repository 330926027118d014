namespace ChatNetOps.Core.Checks;

using ChatNetOps.Core.Parsing;

/// <summary>
/// A pre- or post-check as it ran on one device: the check runbook, whether the compare rules held, the findings,
/// the rows that matter (those the rules selected, capped at <see cref="MaxRows"/>), and the SHA-256 of the raw output
/// (recorded in the audit chain with the change).
/// </summary>
public sealed record CheckResult(
    CheckPhase Phase,
    string Runbook,
    string Device,
    bool Passed,
    string Summary,
    IReadOnlyList<CheckFinding> Findings,
    IReadOnlyList<ParsedRow> Rows,
    IReadOnlyList<string> Show,
    string Key,
    string OutputSha256,
    int Attempts,
    DateTimeOffset At)
{
    /// <summary>Rows kept on the request (and shown on cards); the hash covers the whole output.</summary>
    public const int MaxRows = 10;

    /// <summary>A failed advisory pre-check is shown but refuses nothing.</summary>
    public bool Advisory { get; init; }

    /// <summary>Why the check could not look at all (device unreachable, inputs refused); then <see cref="Passed"/> is false.</summary>
    public string? Error { get; init; }

    /// <summary>How the check runbook's own verdict rules judged the output (information; the compare rules decide).</summary>
    public Verdict? Verdict { get; init; }

    /// <summary>One line for cards and the export: the check runbook and what it found.</summary>
    public string Headline => $"{(Phase == CheckPhase.Before ? "Pre-check" : "Post-check")} {Runbook} on {Device}: {(Passed ? "passed" : Advisory ? "failed (advisory)" : "failed")} — {Summary}";
}
