namespace ChatNetOps.Execution.FortiGate;

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

/// <summary>
/// Translates the FortiOS CLI lines of read-only runbooks to FortiOS 7.x monitor API requests. Only commands with an
/// exact read-only equivalent are mapped; anything else (configuration, <c>execute</c>, clearing sessions or
/// neighbours) makes the whole plan unsupported before a single request is sent.
/// <c>diagnose sys session filter ...</c> lines do not send anything: they build the filter of the next
/// <c>diagnose sys session list</c>, as they do on the CLI.
/// </summary>
internal static partial class FortiGateCommandMapper
{
    public const string OspfNeighborsPath = "router/ospf/neighbors";
    public const string IpsecPath = "vpn/ipsec";
    public const string SessionsPath = "firewall/session";
    public const string SystemStatusPath = "system/status";
    public const string ResourceUsagePath = "system/resource/usage";
    public const string InterfacePath = "system/interface";

    private static readonly KeyValuePair<string, string>[] NoQuery = [];

    public static FortiGateMapping Map(IReadOnlyList<string> commands)
    {
        var calls = new List<FortiGateCall>(commands.Count);
        var filter = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < commands.Count; i++)
        {
            var command = Normalize(commands[i]);
            var call = MapOne(command, filter);
            if (call is null)
            {
                return new FortiGateMapping(calls, i);
            }

            calls.Add(call);
        }

        return new FortiGateMapping(calls, -1);
    }

    private static FortiGateCall? MapOne(string command, List<KeyValuePair<string, string>> filter)
    {
        if (OspfNeighbor().IsMatch(command))
        {
            return new FortiGateCall(command, FortiGateEndpoint.OspfNeighbors, OspfNeighborsPath, NoQuery);
        }

        if (command == "get vpn ipsec tunnel summary")
        {
            return new FortiGateCall(command, FortiGateEndpoint.IpsecTunnelSummary, IpsecPath, NoQuery);
        }

        if (TunnelList().Match(command) is { Success: true } tunnel)
        {
            var name = tunnel.Groups["name"];
            return name.Success
                ? new FortiGateCall(command, FortiGateEndpoint.IpsecTunnelDetail, IpsecPath, [new("tunnel", name.Value)]) { Tunnel = name.Value }
                : new FortiGateCall(command, FortiGateEndpoint.IpsecTunnelDetail, IpsecPath, NoQuery);
        }

        if (command == "diagnose sys session filter clear")
        {
            filter.Clear();
            return new FortiGateCall(command, FortiGateEndpoint.None, string.Empty, NoQuery) { Note = "session filter cleared" };
        }

        if (SessionFilter().Match(command) is { Success: true } f)
        {
            if (FilterParameter(f.Groups["key"].Value, f.Groups["value"].Value) is not { } parameter)
            {
                return null;
            }

            filter.RemoveAll(p => p.Key == parameter.Key);
            filter.Add(parameter);
            return new FortiGateCall(command, FortiGateEndpoint.None, string.Empty, NoQuery)
            {
                Note = $"session filter {parameter.Key}={parameter.Value} (sent with the next session list)",
            };
        }

        if (command == "diagnose sys session list")
        {
            return new FortiGateCall(command, FortiGateEndpoint.FirewallSessions, SessionsPath, filter.ToArray());
        }

        if (command == "get system status")
        {
            return new FortiGateCall(command, FortiGateEndpoint.SystemStatus, SystemStatusPath, NoQuery);
        }

        if (command == "get system performance status")
        {
            return new FortiGateCall(command, FortiGateEndpoint.ResourceUsage, ResourceUsagePath, [new("interval", "1-min")]);
        }

        if (Nic().Match(command) is { Success: true } nic)
        {
            return new FortiGateCall(command, FortiGateEndpoint.Interface, InterfacePath, [new("interface_name", nic.Groups["name"].Value)]);
        }

        return null;
    }

    /// <summary>The monitor API filter for one <c>diagnose sys session filter</c> key, or null when it has none.</summary>
    private static KeyValuePair<string, string>? FilterParameter(string key, string value)
    {
        switch (key)
        {
            case "src" or "dst":
                return IPAddress.TryParse(value, out var address) && address.AddressFamily == AddressFamily.InterNetwork
                    ? new(key == "src" ? "source" : "destination", address.ToString())
                    : null;
            case "dport" or "sport":
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
                    ? new(key == "dport" ? "dstport" : "srcport", port.ToString(CultureInfo.InvariantCulture))
                    : null;
            case "policy":
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var policy)
                    ? new("policyid", policy.ToString(CultureInfo.InvariantCulture))
                    : null;
            case "proto":
                string? name = value switch
                {
                    "1" => "icmp",
                    "6" => "tcp",
                    "17" => "udp",
                    _ => null,
                };
                return name is null ? null : new("protocol", name);
            default:
                return null;
        }
    }

    private static string Normalize(string command) => Whitespace().Replace(command.Trim(), " ");

    [GeneratedRegex(@"^get router info ospf neighbor(?: all)?$", RegexOptions.CultureInvariant)]
    private static partial Regex OspfNeighbor();

    [GeneratedRegex(@"^diagnose vpn tunnel list(?: name (?<name>[A-Za-z0-9][A-Za-z0-9_.-]{0,34}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex TunnelList();

    [GeneratedRegex(@"^diagnose sys session filter (?<key>[a-z]+) (?<value>\S+)$", RegexOptions.CultureInvariant)]
    private static partial Regex SessionFilter();

    [GeneratedRegex(@"^diagnose hardware deviceinfo nic (?<name>[A-Za-z0-9][A-Za-z0-9_./-]{0,39})$", RegexOptions.CultureInvariant)]
    private static partial Regex Nic();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
