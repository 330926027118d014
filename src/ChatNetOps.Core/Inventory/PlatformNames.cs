namespace ChatNetOps.Core.Inventory;

/// <summary>The inventory spelling of <see cref="Platform"/> and <see cref="Transport"/> values.</summary>
public static class PlatformNames
{
    public static string ToName(this Platform platform) => platform switch
    {
        Platform.FortiOS => "fortios",
        Platform.CiscoIos => "cisco_ios",
        Platform.CiscoNxos => "cisco_nxos",
        Platform.Linux => "linux",
        _ => throw new ArgumentOutOfRangeException(nameof(platform), platform, "Unknown platform."),
    };

    public static bool TryParse(string? name, out Platform platform)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "fortios": platform = Platform.FortiOS; return true;
            case "cisco_ios": platform = Platform.CiscoIos; return true;
            case "cisco_nxos": platform = Platform.CiscoNxos; return true;
            case "linux": platform = Platform.Linux; return true;
            default: platform = default; return false;
        }
    }

    public static string ToName(this Transport transport) => transport switch
    {
        Transport.Ssh => "ssh",
        Transport.FortiGateApi => "fortigate_api",
        Transport.Lab => "lab",
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, "Unknown transport."),
    };

    public static bool TryParseTransport(string? name, out Transport transport)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "ssh": transport = Transport.Ssh; return true;
            case "fortigate_api": transport = Transport.FortiGateApi; return true;
            case "lab": transport = Transport.Lab; return true;
            default: transport = default; return false;
        }
    }

    /// <summary>A platform name the inventory's schema has already checked; anything else is a bug.</summary>
    public static Platform ParsePlatform(string? name) =>
        TryParse(name, out var platform) ? platform : throw new ArgumentException($"'{name}' is not a platform; expected fortios, cisco_ios, cisco_nxos or linux.", nameof(name));

    /// <summary>A transport name the inventory's schema has already checked; anything else is a bug.</summary>
    public static Transport ParseTransport(string? name) =>
        TryParseTransport(name, out var transport) ? transport : throw new ArgumentException($"'{name}' is not a transport; expected ssh, fortigate_api or lab.", nameof(name));
}
