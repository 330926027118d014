namespace ChatNetOps.Execution.Lab;

/// <summary>A simulated FortiGate IPsec phase 1 with one phase 2 selector.</summary>
internal sealed record VpnTunnel(
    string Name,
    string LocalGateway,
    string RemoteGateway,
    string LocalSubnet,
    string RemoteSubnet,
    bool Up,
    long PacketsPerSecond,
    DateTimeOffset EstablishedAt,
    uint Spi);
