namespace ChatNetOps.Core.Inventory.Sources;

using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Core.Inventory.Loading;

/// <summary>
/// Turns a source's records into devices: each record is validated against <c>devices.schema.json</c> exactly as a
/// <c>devices.yaml</c> entry is (same rules, same messages), routed through <c>devices.yaml</c>'s jump hosts and merged
/// with <c>devices.yaml</c>, whose entries are local additions and overrides. A record that has not changed since the
/// last build is not validated again.
/// </summary>
internal sealed class SourceDeviceBuilder(string kind, string location)
{
    private Dictionary<string, Built> _cache = new(StringComparer.Ordinal);

    /// <summary>Records validated by the last <see cref="Build"/> (the ones that were new or changed).</summary>
    public int LastValidated { get; private set; }

    public BuildResult Build(IReadOnlyList<SourceDevice> records, InventoryCatalog catalog)
    {
        var findings = new List<InventoryDiagnostic>();
        var next = new Dictionary<string, Built>(StringComparer.Ordinal);
        var pending = new List<(SourceDevice Record, string Hash)>();
        var hashes = new string[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var hash = hashes[i] = Hash(record);
            if (next.ContainsKey(record.Id))
            {
                findings.Add(Finding(record, $"is listed twice by {kind}; only the first is used"));
                continue;
            }

            if (_cache.TryGetValue(record.Id, out var cached) && cached.Hash == hash)
            {
                next[record.Id] = cached;
            }
            else
            {
                next[record.Id] = new Built(hash, null, null);
                pending.Add((record, hash));
            }
        }

        foreach (var (id, built) in Validate(pending))
        {
            next[id] = built;
        }

        LastValidated = pending.Count;
        _cache = next;

        var devices = new Dictionary<string, Device>(StringComparer.OrdinalIgnoreCase);
        var origins = new Dictionary<string, DeviceOrigin>(StringComparer.OrdinalIgnoreCase);
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (!used.Add(record.Id) || !next.TryGetValue(record.Id, out var built) || built.Hash != hashes[i])
            {
                continue;
            }

            if (built.Problem is { } problem)
            {
                findings.Add(Finding(record, problem));
                continue;
            }

            var device = built.Device!;
            var route = catalog.Routes.Resolve(device.Name, device.Groups, device.Site, record.Via);
            if (route.Chain is null)
            {
                findings.Add(Finding(record, route.Problem ?? $"is reached through jump host '{record.Via}', whose chain has problems in devices.yaml"));
                continue;
            }

            if (devices.TryGetValue(device.Name, out var first))
            {
                findings.Add(Finding(record, $"has the same name as {kind} device #{origins[first.Name].Reference}; only that one is used"));
                continue;
            }

            devices[device.Name] = device with { Via = route.Chain };
            origins[device.Name] = new DeviceOrigin(kind, record.Id) { Url = record.Url, LastUpdated = record.LastUpdated };
        }

        foreach (var local in catalog.LocalDevices)
        {
            var localOrigin = catalog.LocalOrigins.GetValueOrDefault(local.Name) ?? new DeviceOrigin(DeviceOrigin.LocalFile, "?");
            if (devices.TryGetValue(local.Name, out var fromSource))
            {
                var sourceOrigin = origins[local.Name];
                if (Differences(local, fromSource) is { Count: > 0 } differences)
                {
                    findings.Add(new InventoryDiagnostic(
                        DeviceOrigin.LocalFile,
                        int.TryParse(localOrigin.Reference, CultureInfo.InvariantCulture, out var line) ? line : 0,
                        0,
                        $"device '{local.Name}' overrides {kind} device #{sourceOrigin.Reference}, which differs in {string.Join(", ", differences)}; the devices.yaml entry is used",
                        DiagnosticSeverity.Warning));
                }

                origins[local.Name] = localOrigin with { Overrides = sourceOrigin };
            }
            else
            {
                origins[local.Name] = localOrigin;
            }

            devices[local.Name] = local;
        }

        return new BuildResult(devices, origins, findings, Version(records));
    }

    /// <summary>Validates new and changed records in one pass of the schema over a <c>devices.yaml</c>-shaped document.</summary>
    private static IEnumerable<(string Id, Built Built)> Validate(List<(SourceDevice Record, string Hash)> pending)
    {
        if (pending.Count == 0)
        {
            yield break;
        }

        var list = new JsonArray();
        var problems = new Dictionary<int, string>();
        for (var i = 0; i < pending.Count; i++)
        {
            list.Add(ToEntry(pending[i].Record));
            if (pending[i].Record.Problem is { } problem)
            {
                problems[i] = problem;
            }
        }

        foreach (var (pointer, message) in SchemaCheck.Validate(DeviceFileParser.FileName, new JsonObject { ["devices"] = list }))
        {
            // /devices/12/management/address → 12
            var segments = pointer.Split('/');
            if (segments.Length > 2 && int.TryParse(segments[2], CultureInfo.InvariantCulture, out var index))
            {
                problems.TryAdd(index, message);
            }
        }

        for (var i = 0; i < pending.Count; i++)
        {
            var (record, hash) = pending[i];
            yield return (record.Id, problems.TryGetValue(i, out var problem) ? new Built(hash, null, problem) : new Built(hash, ToDevice(record), null));
        }
    }

    /// <summary>The record as a <c>devices.yaml</c> entry (absent values left out, as an empty YAML value is).</summary>
    private static JsonObject ToEntry(SourceDevice r)
    {
        var entry = new JsonObject();
        Add(entry, "name", r.Name);
        Add(entry, "description", r.Description);
        Add(entry, "platform", r.Platform);
        entry["groups"] = new JsonArray([.. r.Groups.Select(g => (JsonNode?)JsonValue.Create(g))]);
        Add(entry, "site", r.Site);
        if (r.Address is not null)
        {
            var management = new JsonObject { ["address"] = r.Address };
            if (r.Port is { } port)
            {
                management["port"] = port;
            }

            entry["management"] = management;
        }

        Add(entry, "transport", r.Transport);
        Add(entry, "credential_ref", r.CredentialRef);
        Add(entry, "host_key_fingerprint", r.HostKeyFingerprint);
        if (r.SessionLimit is { } limit)
        {
            entry["session_limit"] = limit;
        }

        Add(entry, "via", r.Via);
        Add(entry, "servicenow_ci", r.ServiceNowCi);
        if (r.Interfaces is { Count: > 0 } interfaces)
        {
            entry["interfaces"] = new JsonObject([.. interfaces.Select(i => KeyValuePair.Create(i.Key, (JsonNode?)JsonValue.Create(i.Value)))]);
        }

        return entry;

        static void Add(JsonObject o, string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                o[key] = value.Trim();
            }
        }
    }

    private static Device ToDevice(SourceDevice r) =>
        new(
            r.Name!.Trim(),
            PlatformNames.ParsePlatform(r.Platform),
            [.. r.Groups],
            r.Site!.Trim(),
            r.Address!.Trim(),
            r.Port ?? 22,
            PlatformNames.ParseTransport(r.Transport),
            r.CredentialRef!.Trim(),
            string.IsNullOrWhiteSpace(r.HostKeyFingerprint) ? null : r.HostKeyFingerprint.Trim(),
            r.SessionLimit!.Value)
        {
            Description = r.Description,
            ServiceNowCi = string.IsNullOrWhiteSpace(r.ServiceNowCi) ? null : r.ServiceNowCi.Trim(),
            Interfaces = r.Interfaces is null
                ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
                : new Dictionary<string, string>(r.Interfaces.DistinctBy(i => i.Key, StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase),
        };

    private static List<string> Differences(Device local, Device source)
    {
        var differences = new List<string>();
        Compare("platform", local.Platform.ToName(), source.Platform.ToName());
        Compare("address", local.Address, source.Address);
        Compare("port", local.Port.ToString(CultureInfo.InvariantCulture), source.Port.ToString(CultureInfo.InvariantCulture));
        Compare("site", local.Site, source.Site);
        Compare("transport", local.Transport.ToName(), source.Transport.ToName());
        Compare("credential_ref", local.CredentialRef, source.CredentialRef);
        Compare("host_key_fingerprint", local.HostKeyFingerprint, source.HostKeyFingerprint);
        return differences;

        void Compare(string field, string? mine, string? theirs)
        {
            if (theirs is not null && !string.Equals(mine, theirs, StringComparison.OrdinalIgnoreCase))
            {
                differences.Add($"{field} ({theirs} there)");
            }
        }
    }

    private InventoryDiagnostic Finding(SourceDevice record, string problem)
    {
        var name = string.IsNullOrWhiteSpace(record.Name) ? string.Empty : $" '{InputValidator.Printable(record.Name.Trim())}'";
        return new InventoryDiagnostic($"{kind} {location}", 0, 0, $"device #{InputValidator.Printable(record.Id)}{name}: {problem}", DiagnosticSeverity.Error);
    }

    private static string Hash(SourceDevice record) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(record, SourceJsonContext.Default.SourceDevice)));

    /// <summary>A hash over every record in id order: the snapshot's version.</summary>
    private static string Version(IReadOnlyList<SourceDevice> records)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var record in records.OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            sha.AppendData(JsonSerializer.SerializeToUtf8Bytes(record, SourceJsonContext.Default.SourceDevice));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    private sealed record Built(string Hash, Device? Device, string? Problem);
}

/// <summary>The merged device set of one build, with its problems and the snapshot's version.</summary>
internal sealed record BuildResult(
    Dictionary<string, Device> Devices,
    Dictionary<string, DeviceOrigin> Origins,
    List<InventoryDiagnostic> Findings,
    string Version);
