namespace ChatNetOps.Core.Audit;

using ChatNetOps.Core.Requests;

/// <summary>
/// One link of an append-only, hash-chained audit partition. <see cref="Hash"/> is SHA-256 over the canonical
/// JSON of every other field, <see cref="PreviousHash"/> included.
/// </summary>
public sealed record AuditEvent(
    string Id,
    string Partition,
    long Sequence,
    DateTimeOffset Timestamp,
    AuditKind Kind,
    Actor Actor,
    string? RequestId,
    string? Runbook,
    string? Device,
    string? Incident,
    string? MessageLink,
    IReadOnlyDictionary<string, string> Details,
    string PreviousHash,
    string Hash);
