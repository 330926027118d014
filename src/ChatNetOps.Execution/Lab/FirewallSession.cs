namespace ChatNetOps.Execution.Lab;

/// <summary>One entry of a simulated FortiGate session table.</summary>
internal sealed record FirewallSession(
    int Protocol,
    string Source,
    int SourcePort,
    string Destination,
    int DestinationPort,
    string NatSource,
    int PolicyId,
    long Serial,
    DateTimeOffset Started,
    int Timeout,
    long OriginBytes,
    long OriginPackets,
    long ReplyBytes,
    long ReplyPackets);
