namespace ChatNetOps.Core.Inventory.Loading;

using System.Net;
using YamlDotNet.RepresentationModel;

/// <summary>Reads <c>devices.yaml</c>: the devices, the jump hosts they are reached through and the per-group and per-site defaults.</summary>
internal static class DeviceFileParser
{
    public const string FileName = "devices.yaml";

    /// <summary>The keys a device may have (the JSON Schema lists exactly these).</summary>
    internal static readonly string[] DeviceKeys =
    [
        "name", "description", "platform", "groups", "site", "management", "transport", "credential_ref",
        "host_key_fingerprint", "tls_certificate_sha256", "session_limit", "vdom", "via",
    ];

    public static ParsedDevices Parse(SourceFile file, LoadContext context)
    {
        var devices = new List<Device>();
        var root = file.LoadRoot();
        if (root is null)
        {
            return new ParsedDevices(devices, []);
        }

        var top = new MappingReader(file, root, FileName, "devices", "jump_hosts", "defaults");
        top.ReportUnknownKeys();
        var jumps = JumpHostParser.Parse(file, top.Sequence("jump_hosts", required: false), top.Mapping("defaults", required: false));
        var list = top.Sequence("devices", required: true);
        context.DevicesRead = list is not null;
        if (list is null)
        {
            return new ParsedDevices(devices, [.. jumps.JumpHosts]);
        }

        var seen = new Dictionary<string, YamlNode>(StringComparer.OrdinalIgnoreCase);
        var routes = new List<(int Index, YamlMappingNode Node, YamlScalarNode? Via)>();
        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode mapping)
            {
                file.Error(item, "each device must be a mapping with name, platform, groups, ...");
                continue;
            }

            var (device, via) = ParseDevice(file, mapping, context);
            if (device is null)
            {
                continue;
            }

            if (seen.TryGetValue(device.Name, out var first))
            {
                file.Error(mapping, $"duplicate device name '{device.Name}' (first defined on line {first.Start.Line})");
                continue;
            }

            seen[device.Name] = mapping;
            if (device.Address.Length > 0)
            {
                routes.Add((devices.Count, mapping, via));
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

        return new ParsedDevices(devices, [.. jumps.JumpHosts]);
    }

    /// <summary>The <c>management</c> mapping (address, port) shared by devices and jump hosts.</summary>
    internal static (string? Address, int Port, bool Ok) ParseManagement(SourceFile file, MappingReader r)
    {
        string? address = null;
        long port = 22;
        var ok = true;
        var management = r.Mapping("management", required: true);
        if (management is null)
        {
            return (null, 22, false);
        }

        var m = new MappingReader(file, management, $"management of {r.What}", "address", "port");
        m.ReportUnknownKeys();
        var addressNode = m.Scalar("address", required: true);
        address = addressNode?.Value?.Trim();
        if (addressNode is not null && address is not null && !IPAddress.TryParse(address, out _) && !Names.HostName().IsMatch(address))
        {
            file.Error(addressNode, $"management address '{InputValidator.Printable(address)}' of {r.What} is neither an IP address nor a host name");
            ok = false;
        }

        ok &= address is not null;
        if (m.Integer("port", required: false) is { } p)
        {
            if (p is < 1 or > 65535)
            {
                file.Error(m.Scalar("port", false)!, $"port {p} of {r.What} is outside 1..65535");
                ok = false;
            }

            port = p;
        }

        return (address, (int)port, ok);
    }

    private static (Device? Device, YamlScalarNode? Via) ParseDevice(SourceFile file, YamlMappingNode mapping, LoadContext context)
    {
        var r = new MappingReader(file, mapping, "device", DeviceKeys);
        var name = r.String("name", required: true);
        if (name is not null)
        {
            r.What = $"device '{name}'";
            if (!Names.Identifier().IsMatch(name))
            {
                file.Error(r.Scalar("name", false)!, $"device name '{InputValidator.Printable(name)}' must use only {Names.IdentifierRule} characters");
                name = null;
            }
        }

        r.ReportUnknownKeys();
        var ok = name is not null;

        Platform platform = default;
        var platformNode = r.Scalar("platform", required: true);
        if (platformNode is null)
        {
            ok = false;
        }
        else if (!PlatformNames.TryParse(platformNode.Value, out platform))
        {
            file.Error(platformNode, $"unknown platform '{platformNode.Value}' in {r.What}; expected fortios, cisco_ios, cisco_nxos or linux");
            ok = false;
        }

        var groups = new List<string>();
        foreach (var g in r.StringList("groups", required: true) ?? [])
        {
            if (!Names.Identifier().IsMatch(g.Value!))
            {
                file.Error(g, $"device group '{InputValidator.Printable(g.Value!)}' must use only {Names.IdentifierRule} characters");
                ok = false;
                continue;
            }

            groups.Add(g.Value!);
            context.DeviceGroups.Add(g.Value!);
        }

        var site = r.String("site", required: true);
        ok &= site is not null;

        var (address, port, managementOk) = ParseManagement(file, r);
        ok &= managementOk;

        Transport transport = default;
        var transportNode = r.Scalar("transport", required: true);
        if (transportNode is null)
        {
            ok = false;
        }
        else if (!PlatformNames.TryParseTransport(transportNode.Value, out transport))
        {
            file.Error(transportNode, $"unknown transport '{transportNode.Value}' in {r.What}; expected ssh, fortigate_api or lab");
            ok = false;
        }
        else if (transport == Transport.FortiGateApi && platformNode is not null && platform != Platform.FortiOS)
        {
            file.Error(transportNode, $"transport fortigate_api in {r.What} needs platform fortios");
            ok = false;
        }

        var credential = r.String("credential_ref", required: true);
        if (credential is not null && !Names.Identifier().IsMatch(credential))
        {
            file.Error(r.Scalar("credential_ref", false)!, $"credential_ref of {r.What} must be the name of a credential ({Names.IdentifierRule} characters), never a secret");
            ok = false;
        }

        ok &= credential is not null;

        var fingerprint = r.String("host_key_fingerprint", required: transportNode is not null && transport == Transport.Ssh);
        if (fingerprint is not null && !Names.SshFingerprint().IsMatch(fingerprint))
        {
            file.Error(r.Scalar("host_key_fingerprint", false)!, $"host_key_fingerprint of {r.What} must look like SHA256:<43 base64 characters>, as printed by ssh-keygen -lf");
            ok = false;
        }

        var tls = r.String("tls_certificate_sha256", required: false);
        if (tls is not null && !Names.Sha256Hex().IsMatch(tls))
        {
            file.Error(r.Scalar("tls_certificate_sha256", false)!, $"tls_certificate_sha256 of {r.What} must be 64 hex digits");
            ok = false;
        }

        long sessionLimit = 1;
        if (r.Integer("session_limit", required: true) is { } limit)
        {
            if (limit < 1)
            {
                file.Error(r.Scalar("session_limit", false)!, $"session_limit of {r.What} must be at least 1");
                ok = false;
            }

            sessionLimit = limit;
        }
        else
        {
            ok = false;
        }

        var vdom = r.String("vdom", required: false);
        if (vdom is not null)
        {
            if (platformNode is not null && platform != Platform.FortiOS)
            {
                file.Error(r.Scalar("vdom", false)!, $"vdom in {r.What} applies only to fortios devices");
                ok = false;
            }
            else if (!Names.Identifier().IsMatch(vdom))
            {
                file.Error(r.Scalar("vdom", false)!, $"vdom of {r.What} must use only {Names.IdentifierRule} characters");
                ok = false;
            }
        }

        var via = r.Scalar("via", required: false);
        if (via is not null && (string.IsNullOrWhiteSpace(via.Value) || !Names.Identifier().IsMatch(via.Value.Trim())))
        {
            file.Error(via, $"via of {r.What} must name a jump host or be {JumpHost.Direct} ({Names.IdentifierRule} characters)");
            ok = false;
        }

        if (!ok)
        {
            return (name is null ? null : Placeholder(name), null);
        }

        var device = new Device(name!, platform, groups, site!, address!, port, transport, credential!, fingerprint, (int)sessionLimit)
        {
            Description = r.String("description", required: false),
            TlsCertificateSha256 = tls,
            Vdom = vdom,
        };
        return (device, via);
    }

    /// <summary>A stand-in for a device with errors, so duplicates are still found; never reaches a catalog.</summary>
    private static Device Placeholder(string name) =>
        new(name, Platform.Linux, [], string.Empty, string.Empty, 0, Transport.Lab, string.Empty, null, 0);
}
