namespace ChatNetOps.Execution.FortiGate;

/// <summary>The FortiOS monitor API endpoints the REST executor reads.</summary>
internal enum FortiGateEndpoint
{
    /// <summary>No request: a <c>diagnose sys session filter</c> line, kept for the next session list.</summary>
    None,
    OspfNeighbors,
    IpsecTunnelSummary,
    IpsecTunnelDetail,
    FirewallSessions,
    SystemStatus,
    ResourceUsage,
    Interface,
}
