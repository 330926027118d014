namespace ChatNetOps.Core.Incidents;

/// <summary>
/// A stored output joined to the chain by request, device and hash. The chain records the SHA-256 of the raw output; the
/// store keeps the redacted (and possibly cut) text with the raw hash it claims. <see cref="Matches"/> is whether that
/// claimed hash is the chain's; <see cref="TextVerified"/> whether the stored text itself hashes to it (true only when
/// redaction and the size cap changed nothing).
/// </summary>
public sealed record OutputCheck(string RequestId, string Device, string? ChainSha256, string? StoredSha256)
{
    public bool Matches => ChainSha256 is not null && string.Equals(ChainSha256, StoredSha256, StringComparison.OrdinalIgnoreCase);

    public bool TextVerified { get; init; }

    public long? StoredBytes { get; init; }

    public bool Truncated { get; init; }

    public string Verdict =>
        ChainSha256 is null ? "stored, but the chain records no output for this device"
        : StoredSha256 is null ? "not stored"
        : !Matches ? $"DOES NOT MATCH: the store claims {StoredSha256}, the chain recorded {ChainSha256}"
        : TextVerified ? "matches; the stored text hashes to it"
        : Truncated ? "matches; the stored text is redacted or cut, so it cannot be checked against the hash"
        : "matches; the stored text is redacted, so it cannot be checked against the hash";
}
