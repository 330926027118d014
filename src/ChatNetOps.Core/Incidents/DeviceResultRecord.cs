namespace ChatNetOps.Core.Incidents;

using ChatNetOps.Core.Audit;

/// <summary>One device's result as the chain records it (a Succeeded, Failed or TimedOut event naming the device).</summary>
public sealed record DeviceResultRecord(string Device, AuditKind Kind, long Sequence)
{
    public int? ReturnCode { get; init; }

    /// <summary>SHA-256 of the raw output, before redaction.</summary>
    public string? OutputSha256 { get; init; }

    /// <summary>SHA-256 of exactly the text stored for the output (redacted, maybe cut); null in events recorded before it was.</summary>
    public string? StoredOutputSha256 { get; init; }

    public long? OutputBytes { get; init; }

    public long? DurationMs { get; init; }

    public string? Error { get; init; }

    /// <summary>The parsed output's verdict (ok / warning / problem) as the chain records it; null when not parsed.</summary>
    public string? Verdict { get; init; }

    /// <summary>The parsed output's one-line summary as the chain records it.</summary>
    public string? Summary { get; init; }
}
