namespace ChatNetOps.Core.Audit;

using ChatNetOps.Core.Requests;

/// <summary>What happened, before the trail gives it a sequence, a server time and a hash.</summary>
public sealed record AuditEntry(AuditKind Kind, Actor Actor)
{
    public string? RequestId { get; init; }

    public string? Runbook { get; init; }

    public string? Device { get; init; }

    public string? Incident { get; init; }

    public string? MessageLink { get; init; }

    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();
}
