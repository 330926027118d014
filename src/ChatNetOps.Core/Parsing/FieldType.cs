namespace ChatNetOps.Core.Parsing;

/// <summary>The type of a parsed field: decides how its text is checked, normalised and compared.</summary>
public enum FieldType
{
    /// <summary>Any text; compared as a string, ignoring case.</summary>
    Text,

    /// <summary>A whole number (thousands separators allowed in the output: <c>1,204</c>).</summary>
    Int,

    /// <summary>A dotted-quad IPv4 address; ordered numerically.</summary>
    Ipv4,

    /// <summary>An interface name (<c>GigabitEthernet1/0/1</c>, <c>Eth1/1</c>, <c>port1</c>, <c>eth0</c>).</summary>
    Interface,

    /// <summary>A time span as devices print it (<c>00:00:35</c>, <c>3w0d</c>, <c>1d02h</c>, <c>35.123s</c>); compared in seconds.</summary>
    Duration,

    /// <summary>A protocol or link state word (<c>FULL</c>, <c>up</c>); compared as a string, ignoring case.</summary>
    State,
}
