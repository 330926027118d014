namespace ChatNetOps.Core.Incidents;

/// <summary>
/// A stored output joined to the chain by request, device and hash. The chain records the SHA-256 of the raw output and,
/// since stored-text hashes were added, the SHA-256 of exactly the text stored (redacted, maybe cut); the store keeps that
/// text with the raw hash it claims. <see cref="HashMatches"/> is whether the claimed raw hash is the chain's;
/// <see cref="TextMatches"/> whether the stored text hashes to what the chain recorded for it (null for events recorded
/// before that); <see cref="Matches"/> both. <see cref="TextVerified"/> is whether the stored text hashes to the raw hash
/// itself (true only when redaction and the size cap changed nothing).
/// </summary>
public sealed record OutputCheck(string RequestId, string Device, string? ChainSha256, string? StoredSha256)
{
    public bool HashMatches => ChainSha256 is not null && string.Equals(ChainSha256, StoredSha256, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the stored text hashes to the stored-text hash the chain recorded; null when the chain recorded none.</summary>
    public bool? TextMatches => ChainTextSha256 is null ? null : string.Equals(ChainTextSha256, StoredTextSha256, StringComparison.OrdinalIgnoreCase);

    /// <summary>The claimed raw hash is the chain's, and the stored text is not shown to differ from what the chain recorded.</summary>
    public bool Matches => HashMatches && TextMatches != false;

    public bool TextVerified { get; init; }

    /// <summary>The SHA-256 the chain recorded for the stored text; null in events recorded before it was.</summary>
    public string? ChainTextSha256 { get; init; }

    /// <summary>The SHA-256 of the text as stored now (UTF-8).</summary>
    public string? StoredTextSha256 { get; init; }

    public long? StoredBytes { get; init; }

    public bool Truncated { get; init; }

    public string Verdict =>
        ChainSha256 is null ? "stored, but the chain records no output for this device"
        : StoredSha256 is null ? "not stored"
        : !HashMatches ? $"DOES NOT MATCH: the store claims {StoredSha256}, the chain recorded {ChainSha256}"
        : TextMatches == false ? $"DOES NOT MATCH: the stored text hashes to {StoredTextSha256}, the chain recorded {ChainTextSha256} for it"
        : TextVerified ? "matches; the stored text hashes to it"
        : TextMatches == true ? $"matches; the stored text ({(Truncated ? "redacted or cut" : "redacted")}) hashes to what the chain recorded for it"
        : "matches; stored before text hashes were recorded; the stored text cannot be checked";
}
