namespace ChatNetOps.Core.Inventory.Loading;

using YamlDotNet.RepresentationModel;

/// <summary>
/// Reads <c>devices.yaml</c>: the devices, the jump hosts they are reached through and the per-group and per-site
/// defaults. The shape of every entry is checked by <c>devices.schema.json</c>; this builds the model from the entries
/// that passed and checks what crosses entries (duplicate names, jump host chains and defaults).
/// </summary>
internal static class DeviceFileParser
{
    public const string FileName = "devices.yaml";

    /// <summary>The keys <see cref="Build"/> reads (the JSON Schema allows exactly these).</summary>
    internal static readonly string[] DeviceKeys =
    [
        "name", "description", "platform", "groups", "site", "management", "transport", "credential_ref",
        "host_key_fingerprint", "tls_certificate_sha256", "session_limit", "vdom", "via", "servicenow_ci",
        "interfaces",
    ];

    public static ParsedDevices Parse(SourceFile file, LoadContext context)
    {
        var devices = new List<Device>();
        var (root, findings) = file.LoadValidated();
        if (root is null)
        {
            return new ParsedDevices(devices, []);
        }

        var top = new MappingReader(root);
        var jumps = JumpHostParser.Parse(file, findings, top.Sequence("jump_hosts"), top.Mapping("defaults"));
        var list = top.Sequence("devices");
        context.DevicesRead = list is not null;
        if (list is null)
        {
            return new ParsedDevices(devices, [.. jumps.JumpHosts]);
        }

        var seen = new Dictionary<string, YamlNode>(StringComparer.OrdinalIgnoreCase);
        var routes = new List<(int Index, YamlMappingNode Node, YamlScalarNode? Via)>();
        foreach (var mapping in list.Children.OfType<YamlMappingNode>())
        {
            var r = new MappingReader(mapping);
            var name = r.String("name");
            if (name is null || !Names.Identifier().IsMatch(name))
            {
                continue;
            }

            context.DeviceNames.Add(name);
            foreach (var group in r.StringList("groups").Select(g => g.Value!.Trim()).Where(g => Names.Identifier().IsMatch(g)))
            {
                context.DeviceGroups.Add(group);
            }

            var device = findings.IsValid(mapping) ? Build(r, name) : Placeholder(name);
            if (seen.TryGetValue(device.Name, out var first))
            {
                file.Error(mapping, $"duplicate device name '{device.Name}' (first defined on line {first.Start.Line})");
                continue;
            }

            seen[device.Name] = mapping;
            if (device.Address.Length > 0)
            {
                routes.Add((devices.Count, mapping, r.Scalar("via")));
            }

            devices.Add(device);
        }

        jumps.CheckAgainst(devices, context.DeviceGroups);
        foreach (var (index, node, via) in routes)
        {
            if (jumps.Route(devices[index], node, via) is { Count: > 0 } chain)
            {
                devices[index] = devices[index] with { Via = chain };
            }
        }

        return new ParsedDevices(devices, [.. jumps.JumpHosts])
        {
            Routes = jumps.ToRoutes(),
            Lines = seen.ToDictionary(s => s.Key, s => (int)s.Value.Start.Line, StringComparer.OrdinalIgnoreCase),
        };
    }

    /// <summary>The <c>management</c> mapping (address, port) shared by devices and jump hosts; the schema has checked it.</summary>
    internal static (string Address, int Port) Management(MappingReader r)
    {
        var management = new MappingReader(r.Mapping("management")!);
        return (management.String("address")!, (int)(management.Integer("port") ?? 22));
    }

    /// <summary>Builds a device from an entry the schema found no fault with.</summary>
    private static Device Build(MappingReader r, string name)
    {
        var platform = PlatformNames.ParsePlatform(r.String("platform"));
        var transport = PlatformNames.ParseTransport(r.String("transport"));
        var (address, port) = Management(r);
        return new Device(
            name,
            platform,
            [.. r.StringList("groups").Select(g => g.Value!.Trim())],
            r.String("site")!,
            address,
            port,
            transport,
            r.String("credential_ref")!,
            r.String("host_key_fingerprint"),
            (int)r.Integer("session_limit")!.Value)
        {
            Description = r.String("description"),
            TlsCertificateSha256 = r.String("tls_certificate_sha256"),
            Vdom = r.String("vdom"),
            ServiceNowCi = r.String("servicenow_ci")?.Trim(),
            Interfaces = Interfaces(r),
        };
    }

    /// <summary><c>interfaces:</c> name → description (the schema checked both), matched without regard to case.</summary>
    private static Dictionary<string, string> Interfaces(MappingReader r)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in r.Mapping("interfaces")?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            if (pair.Key is YamlScalarNode { Value: { Length: > 0 } name } && pair.Value is YamlScalarNode { Value: { Length: > 0 } description })
            {
                map.TryAdd(name.Trim(), description.Trim());
            }
        }

        return map;
    }

    /// <summary>A stand-in for a device with errors, so duplicates are still found; never reaches a catalog.</summary>
    private static Device Placeholder(string name) =>
        new(name, Platform.Linux, [], string.Empty, string.Empty, 0, Transport.Lab, string.Empty, null, 0);
}
