namespace ChatNetOps.Core.Execution;

using ChatNetOps.Core.Requests;

/// <summary>What an executor observed on one device. <see cref="RawOutput"/> is unredacted; the runner hashes then redacts it.</summary>
public sealed record DeviceRunResult(
    string Device,
    ExecutionStatus Status,
    int ReturnCode,
    string RawOutput,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string? Error)
{
    /// <summary>Device questions the run answered as the runbook declared (<c>confirm:</c>), in order.</summary>
    public IReadOnlyList<DeviceAnswer> Answers { get; init; } = [];
}
