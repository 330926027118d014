namespace ChatNetOps.Core.Requests;

/// <summary>The structured result of a run, written before anything human-readable.</summary>
/// <param name="OutputSha256">Hash over the raw output of a single device, or over the ordered per-device hashes.</param>
public sealed record ExecutionSummary(
    ExecutionStatus Status,
    int ReturnCode,
    string OutputSha256,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    IReadOnlyList<DeviceRunSummary> Devices)
{
    public TimeSpan Duration => FinishedAt - StartedAt;
}
