namespace ChatNetOps.Core.Requests;

/// <summary>What one device run produced. <see cref="OutputSha256"/> is over the raw output, before redaction.</summary>
public sealed record DeviceRunSummary(
    string Device,
    ExecutionStatus Status,
    int ReturnCode,
    string OutputSha256,
    long OutputBytes,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string? Error)
{
    public TimeSpan Duration => FinishedAt - StartedAt;

    /// <summary>Rows, verdict and summary from the runbook's parser (over the redacted output); null when the runbook has none or the run failed.</summary>
    public ChatNetOps.Core.Parsing.ParsedOutput? Parsed { get; init; }

    /// <summary>Device questions answered as the runbook declared; null when there were none.</summary>
    public IReadOnlyList<ChatNetOps.Core.Execution.DeviceAnswer>? Answers { get; init; }
}
