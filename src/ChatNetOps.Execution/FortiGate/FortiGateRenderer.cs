namespace ChatNetOps.Execution.FortiGate;

using System.Globalization;
using System.Text;
using System.Text.Json;

/// <summary>
/// Renders monitor API answers as readable text: a table per endpoint, close to what the matching CLI command prints.
/// Fields a FortiOS version leaves out show as <c>-</c>; an unexpected shape falls back to <c>key: value</c> lines.
/// </summary>
internal static class FortiGateRenderer
{
    private const string Missing = "-";

    /// <summary>Renders the <c>results</c> of every page the call read.</summary>
    public static void Render(FortiGateCall call, IReadOnlyList<JsonElement> pages, StringBuilder output)
    {
        switch (call.Endpoint)
        {
            case FortiGateEndpoint.OspfNeighbors:
                OspfNeighbors(Items(pages), output);
                break;
            case FortiGateEndpoint.IpsecTunnelSummary:
                TunnelSummary(Tunnels(pages, call.Tunnel), output);
                break;
            case FortiGateEndpoint.IpsecTunnelDetail:
                TunnelDetail(Tunnels(pages, call.Tunnel), call.Tunnel, output);
                break;
            case FortiGateEndpoint.FirewallSessions:
                Sessions(Items(pages), output);
                break;
            case FortiGateEndpoint.ResourceUsage:
                ResourceUsage(pages, output);
                break;
            case FortiGateEndpoint.SystemStatus:
            case FortiGateEndpoint.Interface:
            default:
                foreach (var page in pages)
                {
                    KeyValues(page, output, string.Empty);
                }

                break;
        }
    }

    /// <summary>System status: the header fields FortiOS puts beside <c>results</c>, then the results.</summary>
    public static void SystemStatusHeader(JsonElement root, StringBuilder output)
    {
        var version = Text(root, "version");
        var build = Text(root, "build");
        output.Append("Version: ").Append(version).Append(build == Missing ? string.Empty : ",build" + build).Append('\n');
        output.Append("Serial-Number: ").Append(Text(root, "serial")).Append('\n');
        output.Append("Virtual domain: ").Append(Text(root, "vdom")).Append('\n');
    }

    /// <summary>The number of entries in one page of a list endpoint (sessions: <c>results.details</c>).</summary>
    public static int CountItems(JsonElement results) => Items([results]).Count();

    private static IEnumerable<JsonElement> Items(IReadOnlyList<JsonElement> pages)
    {
        foreach (var results in pages)
        {
            var list = results.ValueKind == JsonValueKind.Object && results.TryGetProperty("details", out var details) ? details : results;
            if (list.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var item in list.EnumerateArray())
            {
                yield return item;
            }
        }
    }

    private static List<JsonElement> Tunnels(IReadOnlyList<JsonElement> pages, string? name) =>
        Items(pages).Where(t => name is null || string.Equals(Text(t, "name"), name, StringComparison.Ordinal)).ToList();

    private static void OspfNeighbors(IEnumerable<JsonElement> neighbors, StringBuilder output)
    {
        var table = new TextTable("Neighbor ID", "Pri", "State", "Address", "Interface");
        foreach (var n in neighbors)
        {
            table.Add(Text(n, "router_id"), Text(n, "priority"), Text(n, "state"), Text(n, "neighbor_ip"), Text(n, "interface"));
        }

        table.WriteTo(output);
        output.Append(CultureInfo.InvariantCulture, $"{table.Count} neighbor(s)\n");
    }

    private static void TunnelSummary(List<JsonElement> tunnels, StringBuilder output)
    {
        var table = new TextTable("Tunnel", "Remote gateway", "Selectors (total,up)", "Rx bytes", "Tx bytes");
        foreach (var t in tunnels)
        {
            var selectors = Selectors(t);
            var up = selectors.Count(s => string.Equals(Text(s, "status"), "up", StringComparison.OrdinalIgnoreCase));
            table.Add(Text(t, "name"), Text(t, "rgwy"), string.Create(CultureInfo.InvariantCulture, $"{selectors.Length}/{up}"), Text(t, "incoming_bytes"), Text(t, "outgoing_bytes"));
        }

        table.WriteTo(output);
        output.Append(CultureInfo.InvariantCulture, $"{table.Count} tunnel(s)\n");
    }

    private static void TunnelDetail(List<JsonElement> tunnels, string? name, StringBuilder output)
    {
        if (tunnels.Count == 0)
        {
            output.Append(name is null ? "no IPsec tunnels\n" : $"no IPsec tunnel named {name}\n");
            return;
        }

        foreach (var t in tunnels)
        {
            output.Append(CultureInfo.InvariantCulture, $"name={Text(t, "name")} type={Text(t, "type")} rgwy={Text(t, "rgwy")} tun_id={Text(t, "tun_id")} connections={Text(t, "connection_count")} rx={Text(t, "incoming_bytes")} tx={Text(t, "outgoing_bytes")}\n");
            var table = new TextTable("  Phase 2", "Status", "Source", "Destination", "Expires (s)", "Rx bytes", "Tx bytes");
            foreach (var s in Selectors(t))
            {
                table.Add("  " + Text(s, "p2name"), Text(s, "status"), Subnets(s, "proxy_src"), Subnets(s, "proxy_dst"), Text(s, "expire"), Text(s, "incoming_bytes"), Text(s, "outgoing_bytes"));
            }

            table.WriteTo(output);
        }
    }

    private static void Sessions(IEnumerable<JsonElement> sessions, StringBuilder output)
    {
        var table = new TextTable("Proto", "Source", "Sport", "Destination", "Dport", "Policy", "Duration", "Expiry", "Sent", "Rcvd", "In", "Out");
        foreach (var s in sessions)
        {
            table.Add(
                Text(s, "proto"), Text(s, "saddr"), Text(s, "sport"), Text(s, "daddr"), Text(s, "dport"), Text(s, "policyid"),
                Text(s, "duration"), Text(s, "expiry"), Text(s, "sentbyte"), Text(s, "rcvdbyte"), Text(s, "srcintf"), Text(s, "dstintf"));
        }

        table.WriteTo(output);
        output.Append(CultureInfo.InvariantCulture, $"total session {table.Count}\n");
    }

    private static void ResourceUsage(IReadOnlyList<JsonElement> pages, StringBuilder output)
    {
        var table = new TextTable("Resource", "Current");
        foreach (var results in pages.Where(p => p.ValueKind == JsonValueKind.Object))
        {
            foreach (var property in results.EnumerateObject())
            {
                var value = property.Value;
                var first = value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0 ? value[0] : value;
                table.Add(property.Name, first.ValueKind == JsonValueKind.Object ? Text(first, "current") : Scalar(first));
            }
        }

        table.WriteTo(output);
    }

    private static void KeyValues(JsonElement element, StringBuilder output, string indent)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            output.Append(indent).Append(Scalar(element)).Append('\n');
            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                output.Append(indent).Append(property.Name).Append(":\n");
                KeyValues(property.Value, output, indent + "  ");
            }
            else
            {
                output.Append(indent).Append(property.Name).Append(": ").Append(Scalar(property.Value)).Append('\n');
            }
        }
    }

    private static JsonElement[] Selectors(JsonElement tunnel) =>
        tunnel.TryGetProperty("proxyid", out var p) && p.ValueKind == JsonValueKind.Array ? p.EnumerateArray().ToArray() : [];

    private static string Subnets(JsonElement selector, string name) =>
        selector.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? string.Join(",", list.EnumerateArray().Select(e => Text(e, "subnet")))
            : Missing;

    private static string Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? Scalar(value) : Missing;

    private static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : Missing,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array => string.Join(",", value.EnumerateArray().Select(Scalar)),
        JsonValueKind.Object => "{…}",
        _ => Missing,
    };
}
