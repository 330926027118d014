namespace ChatNetOps.Core.Inventory;

/// <summary>The typed inputs a runbook may declare. There is no free-text type: chat never reaches a CLI.</summary>
public enum InputType
{
    /// <summary>A device name from the inventory, within the runbook's target scope.</summary>
    Device,

    /// <summary>A device group name; read-only runbooks may fan out over a group.</summary>
    DeviceGroup,

    /// <summary>An interface name matching the declared strict pattern.</summary>
    Interface,

    /// <summary>One of the declared values.</summary>
    Enum,

    /// <summary>A whole number within [min, max].</summary>
    Integer,

    /// <summary>A dotted-quad IPv4 address.</summary>
    Ipv4,

    /// <summary>A short token matching the declared pattern (e.g. a VPN tunnel name).</summary>
    Token,
}
