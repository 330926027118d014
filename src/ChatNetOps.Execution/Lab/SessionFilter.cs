namespace ChatNetOps.Execution.Lab;

/// <summary>The FortiOS <c>diagnose sys session filter</c> of one CLI session.</summary>
internal sealed record SessionFilter
{
    public static SessionFilter None { get; } = new();

    public string? Source { get; init; }

    public string? Destination { get; init; }

    public int? SourcePort { get; init; }

    public int? DestinationPort { get; init; }

    public int? Protocol { get; init; }

    public int? PolicyId { get; init; }

    public bool Matches(FirewallSession session) =>
        (Source is null || Source == session.Source)
        && (Destination is null || Destination == session.Destination)
        && (SourcePort is null || SourcePort == session.SourcePort)
        && (DestinationPort is null || DestinationPort == session.DestinationPort)
        && (Protocol is null || Protocol == session.Protocol)
        && (PolicyId is null || PolicyId == session.PolicyId);
}
