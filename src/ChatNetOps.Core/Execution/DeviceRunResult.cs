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
    string? Error);
