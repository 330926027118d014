namespace ChatNetOps.Core.Inventory.Loading;

using YamlDotNet.RepresentationModel;

/// <summary>
/// Reads the <c>jump_hosts</c> and <c>defaults</c> sections of <c>devices.yaml</c> and resolves which chain of jump
/// hosts reaches each device: the device's own <c>via:</c>, else its groups' default, else its site's default, else
/// direct. Lint rules: every named jump host exists, no loops, at most <see cref="JumpHost.MaxHops"/> hops, every jump
/// host has a pinned host key, groups in a device agree on their default.
/// </summary>
internal sealed class JumpHostParser
{
    /// <summary>The keys <see cref="ParseJumpHost"/> reads (the JSON Schema allows exactly these).</summary>
    internal static readonly string[] JumpHostKeys =
    [
        "name", "description", "management", "credential_ref", "host_key_fingerprint", "session_limit", "channels_per_session", "via",
    ];

    private readonly SourceFile _file;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, IReadOnlyList<JumpHost>?> _chains = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Default> _groupDefaults = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Default> _siteDefaults = new(StringComparer.OrdinalIgnoreCase);
    private JumpRoutes? _routes;

    private JumpHostParser(SourceFile file) => _file = file;

    /// <summary>The jump hosts that parsed without errors.</summary>
    public IEnumerable<JumpHost> JumpHosts => _entries.Values.Where(e => e.Host is not null).Select(e => e.Host!);

    /// <summary>Parses both sections (either may be absent) and resolves the jump hosts' own chains.</summary>
    public static JumpHostParser Parse(SourceFile file, SchemaFindings findings, YamlSequenceNode? jumpHosts, YamlMappingNode? defaults)
    {
        var parser = new JumpHostParser(file);
        foreach (var mapping in jumpHosts?.Children.OfType<YamlMappingNode>() ?? [])
        {
            parser.ParseJumpHost(mapping, findings.IsValid(mapping));
        }

        parser.ResolveJumpHostChains();
        if (defaults is not null)
        {
            var d = new MappingReader(defaults);
            parser.ParseDefaults(d.Mapping("groups"), "group", parser._groupDefaults);
            parser.ParseDefaults(d.Mapping("sites"), "site", parser._siteDefaults);
        }

        return parser;
    }

    /// <summary>
    /// Checks names that only the devices make known (groups and sites named by defaults, jump hosts sharing a name
    /// with a device) once every device is read.
    /// </summary>
    public void CheckAgainst(IReadOnlyCollection<Device> devices, IReadOnlySet<string> groups)
    {
        var sites = devices.Select(d => d.Site).Where(s => s.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (group, entry) in _groupDefaults)
        {
            if (!groups.Contains(group))
            {
                _file.Error(entry.Key, $"defaults name unknown device group '{InputValidator.Printable(group)}'; no device is in it");
            }
        }

        foreach (var (site, entry) in _siteDefaults)
        {
            if (!sites.Contains(site))
            {
                _file.Error(entry.Key, $"defaults name unknown site '{InputValidator.Printable(site)}'; no device is at it");
            }
        }

        var byName = devices.Where(d => d.Address.Length > 0).ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var entry in _entries.Values)
        {
            if (entry.Host is not { } jump || !byName.TryGetValue(jump.Name, out var device))
            {
                continue;
            }

            var sameKey = device.HostKeyFingerprint is null || string.Equals(device.HostKeyFingerprint, jump.HostKeyFingerprint, StringComparison.Ordinal);
            if (!string.Equals(device.Address, jump.Address, StringComparison.OrdinalIgnoreCase) || device.Port != jump.Port || !sameKey)
            {
                _file.Error(entry.Node, $"jump host '{jump.Name}' shares its name with device '{device.Name}' but not the machine ({jump.Address}:{jump.Port} vs {device.Address}:{device.Port}{(sameKey ? string.Empty : ", different host_key_fingerprint")}); give it the device's management address, port and host key, or another name");
            }
        }
    }

    /// <summary>
    /// The chain that reaches <paramref name="device"/>: from its own <c>via</c> (<paramref name="via"/>), else its groups'
    /// default, else its site's. Null when the chain is broken (the problem is reported).
    /// </summary>
    public IReadOnlyList<JumpHost>? Route(Device device, YamlMappingNode deviceNode, YamlScalarNode? via)
    {
        var result = ToRoutes().Resolve(device.Name, device.Groups, device.Site, via?.Value);
        if (result.Problem is { } problem)
        {
            _file.Error(result.AtVia && via is not null ? via : deviceNode, problem);
        }

        return result.Chain;
    }

    /// <summary>The resolved chains and defaults, for routing devices that do not come from this file too.</summary>
    public JumpRoutes ToRoutes() => _routes ??= new JumpRoutes(
        _chains,
        _groupDefaults.ToDictionary(d => d.Key, d => d.Value.Via, StringComparer.OrdinalIgnoreCase),
        _siteDefaults.ToDictionary(d => d.Key, d => d.Value.Via, StringComparer.OrdinalIgnoreCase));

    private static bool IsDirect(string name) => string.Equals(name, JumpHost.Direct, StringComparison.OrdinalIgnoreCase);

    /// <summary>One entry of <c>jump_hosts</c>; <paramref name="valid"/> is false when the schema found faults in it (its name still counts as declared).</summary>
    private void ParseJumpHost(YamlMappingNode mapping, bool valid)
    {
        var r = new MappingReader(mapping);
        var name = r.String("name");
        if (name is null || !Names.Identifier().IsMatch(name) || IsDirect(name))
        {
            return;
        }

        if (_entries.TryGetValue(name, out var first))
        {
            _file.Error(mapping, $"duplicate jump host name '{name}' (first defined on line {first.Node.Start.Line})");
            return;
        }

        JumpHost? host = null;
        if (valid)
        {
            var (address, port) = DeviceFileParser.Management(r);
            host = new JumpHost(
                name,
                address,
                port,
                r.String("credential_ref")!,
                r.String("host_key_fingerprint")!,
                (int)r.Integer("session_limit")!.Value,
                (int)(r.Integer("channels_per_session") ?? JumpHost.DefaultChannelsPerSession))
            {
                Description = r.String("description"),
            };
        }

        var via = r.Scalar("via");
        var chained = via?.Value?.Trim() is { } v && Names.Identifier().IsMatch(v) && !IsDirect(v) ? via : null;
        _entries[name] = new Entry(name, host, mapping, chained);
    }

    private void ResolveJumpHostChains()
    {
        var reportedLoops = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, entry) in _entries)
        {
            if (entry.Via is { } via && !_entries.ContainsKey(via.Value!.Trim()))
            {
                _file.Error(via, $"via of jump host '{name}' names unknown jump host '{InputValidator.Printable(via.Value!.Trim())}'");
            }
        }

        foreach (var (name, entry) in _entries.OrderBy(e => e.Value.Node.Start.Line))
        {
            var walk = new List<Entry> { entry };
            var broken = entry.Host is null;
            for (var current = entry; current.Via is { } via;)
            {
                if (!_entries.TryGetValue(via.Value!.Trim(), out var next))
                {
                    broken = true;
                    break;
                }

                var seen = walk.FindIndex(e => ReferenceEquals(e, next));
                if (seen >= 0)
                {
                    var loop = walk.Skip(seen).Select(e => e.Name).Append(next.Name).ToList();
                    if (reportedLoops.Add(string.Join(",", loop.Skip(1).Order(StringComparer.OrdinalIgnoreCase))))
                    {
                        _file.Error(next.Via!, $"jump hosts form a loop: {string.Join(" -> ", loop)}");
                    }

                    broken = true;
                    break;
                }

                walk.Add(next);
                broken |= next.Host is null;
                current = next;
            }

            if (!broken && walk.Count > JumpHost.MaxHops)
            {
                _file.Error(entry.Via!, $"jump host '{name}' is {walk.Count} hops away; at most {JumpHost.MaxHops} are allowed");
                broken = true;
            }

            walk.Reverse();
            _chains[name] = broken ? null : walk.Select(e => e.Host!).ToList();
        }
    }

    private void ParseDefaults(YamlMappingNode? section, string kind, Dictionary<string, Default> into)
    {
        foreach (var (keyNode, value) in section?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            if (keyNode is not YamlScalarNode { Value: { } key } scalarKey || string.IsNullOrWhiteSpace(key) || value is not YamlMappingNode mapping)
            {
                continue;
            }

            var r = new MappingReader(mapping);
            var via = r.String("via");
            if (via is null || !Names.Identifier().IsMatch(via))
            {
                continue;
            }

            if (!IsDirect(via) && !_entries.ContainsKey(via))
            {
                _file.Error(r.Scalar("via")!, $"via in defaults of {kind} '{InputValidator.Printable(key)}' names unknown jump host '{InputValidator.Printable(via)}'; declare it under jump_hosts or use via: direct");
                continue;
            }

            if (!into.TryAdd(key.Trim(), new Default(scalarKey, via)))
            {
                _file.Error(keyNode, $"duplicate defaults for {kind} '{InputValidator.Printable(key)}'");
            }
        }
    }

    /// <summary>One entry of <c>jump_hosts</c>; <see cref="Host"/> is null when it has errors (its name still counts as declared).</summary>
    private sealed record Entry(string Name, JumpHost? Host, YamlMappingNode Node, YamlScalarNode? Via);

    private sealed record Default(YamlScalarNode Key, string Via);
}
