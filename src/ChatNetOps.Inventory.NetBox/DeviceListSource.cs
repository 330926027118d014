namespace ChatNetOps.Inventory.NetBox;

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Inventory.Sources;
using Microsoft.Extensions.Logging;

/// <summary>
/// Reads <c>GET /api/dcim/devices/</c> of NetBox or Nautobot, page by page through <c>next</c> until it is null, and
/// maps each device to a <see cref="SourceDevice"/>. A listing is all or nothing: any failure (unreachable, refused
/// token, a page that is not JSON, a <c>next</c> link to another host or back to a page already read, more pages or
/// devices than allowed) throws <see cref="InventorySourceException"/> and nothing of it is used. Then, unless
/// <see cref="SourceOptions.InterfaceDescriptions"/> is off, the interface descriptions of the listed devices are read
/// from <c>GET /api/dcim/interfaces/</c> (filtered by <c>device_id</c>, Nautobot <c>device</c>, several devices per query,
/// paged and bounded like the device list) and kept for <see cref="SourceOptions.InterfaceRefresh"/>; a failure there
/// leaves the devices with the descriptions last read and the listing stands.
/// </summary>
public sealed partial class DeviceListSource : IInventorySource
{
    private const int MaxRedirects = 3;

    private static readonly Dictionary<string, string> BuiltInPlatforms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fortinet-fortios"] = "fortios",
        ["fortinet"] = "fortios",
        ["fortigate"] = "fortios",
        ["cisco-ios-xe"] = "cisco_ios",
        ["cisco_xe"] = "cisco_ios",
        ["ios"] = "cisco_ios",
        ["ios-xe"] = "cisco_ios",
        ["nxos"] = "cisco_nxos",
        ["cisco-nx-os"] = "cisco_nxos",
        ["nx-os"] = "cisco_nxos",
    };

    private readonly HttpClient _http;
    private readonly SourceOptions _options;
    private readonly SourceFlavor _flavor;
    private readonly ILogger<DeviceListSource> _logger;
    /// <summary>Interface names as devices.yaml takes them (the schema's <c>propertyNames</c>); others are left out.</summary>
    private const int MaxInterfaces = 1024;
    private const int MaxInterfaceDescription = 200;

    private readonly Uri _base;
    private readonly Uri _endpoint;
    private readonly Uri _interfaces;
    private readonly TimeProvider _time;

    /// <summary>Per device id, its interface descriptions and when they were read; replaced whole after each fetch.</summary>
    private volatile Dictionary<string, (IReadOnlyDictionary<string, string> Interfaces, DateTimeOffset At)> _interfaceCache = new(StringComparer.Ordinal);

    public DeviceListSource(HttpClient http, SourceOptions options, SourceFlavor flavor, ILogger<DeviceListSource> logger, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _http = http;
        _options = options;
        _flavor = flavor;
        _logger = logger;
        if (!Uri.TryCreate(options.Url.TrimEnd('/') + "/", UriKind.Absolute, out var root) || root.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(root.UserInfo))
        {
            throw new InvalidOperationException($"{Section}:Url '{options.Url}' must be the http(s) address of the {flavor} site, e.g. https://netbox.example.com, without credentials.");
        }

        if (string.IsNullOrWhiteSpace(options.Token) || options.Token.Any(char.IsControl) || options.Token.Contains(' ', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{Section}:Token is required: an API token with read permission on devices.");
        }

        _base = root;
        _endpoint = new Uri(root, "api/dcim/devices/");
        _interfaces = new Uri(root, "api/dcim/interfaces/");
    }

    public string Kind => _flavor.ToString();

    public string Location => _base.GetLeftPart(UriPartial.Path).TrimEnd('/');

    private string Section => _flavor == SourceFlavor.NetBox ? SourceOptions.NetBoxSection : SourceOptions.NautobotSection;

    /// <summary>The scheme of the Authorization header: <c>Bearer</c> for NetBox v2 tokens (<c>nbt_</c>), else <c>Token</c>.</summary>
    public AuthenticationHeaderValue Authorization =>
        _flavor == SourceFlavor.NetBox && _options.Token.StartsWith("nbt_", StringComparison.Ordinal)
            ? new AuthenticationHeaderValue("Bearer", _options.Token)
            : new AuthenticationHeaderValue("Token", _options.Token);

    public async Task<IReadOnlyList<SourceDevice>> FetchAsync(CancellationToken cancellationToken)
    {
        var devices = new List<SourceDevice>();
        var read = new HashSet<string>(StringComparer.Ordinal);
        Uri? page = FirstPage();
        var pages = 0;
        try
        {
            while (page is not null)
            {
                if (++pages > _options.MaxPages)
                {
                    throw Refused($"the listing has more than {_options.MaxPages} pages ({Section}:MaxPages); refusing to read on");
                }

                if (!read.Add(page.AbsoluteUri))
                {
                    throw Refused($"'next' leads back to a page already read ({Redact(page)}); refusing to loop");
                }

                page = await ReadPageAsync(page, _endpoint, results => devices.AddRange(results.EnumerateArray().Select(Map)), cancellationToken);
                if (devices.Count > _options.MaxDevices)
                {
                    throw Refused($"the listing has more than {_options.MaxDevices} devices ({Section}:MaxDevices)");
                }
            }
        }
        catch (HttpRequestException e)
        {
            throw Refused($"unreachable ({e.HttpRequestError}: {e.Message})", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Refused($"no answer within {_options.Timeout.TotalSeconds:0} s", e);
        }
        catch (IOException e)
        {
            throw Refused($"the connection broke while reading page {pages} ({e.Message})", e);
        }

        Log.Read(_logger, Kind, Location, devices.Count, pages);
        return _options.InterfaceDescriptions ? await WithInterfacesAsync(devices, cancellationToken) : devices;
    }

    /// <summary>The devices with their interface descriptions: read for those not read within InterfaceRefresh, else kept.</summary>
    private async Task<IReadOnlyList<SourceDevice>> WithInterfacesAsync(List<SourceDevice> devices, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var listed = devices.Where(d => d.Problem is null && !string.IsNullOrWhiteSpace(d.Name)).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);

        // Only the devices still listed are kept (a device gone from the source forgets its interfaces).
        var cache = _interfaceCache.Where(c => listed.Contains(c.Key)).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        var due = listed.Where(id => !cache.TryGetValue(id, out var cached) || now - cached.At >= _options.InterfaceRefresh).Order(StringComparer.Ordinal).ToArray();
        var read = 0;
        var interfaces = 0;
        try
        {
            foreach (var batch in due.Chunk(_options.InterfaceBatch))
            {
                var found = batch.ToDictionary(id => id, _ => new SortedDictionary<string, string>(StringComparer.Ordinal), StringComparer.Ordinal);
                await ReadInterfacesAsync(found, cancellationToken);
                foreach (var (id, map) in found)
                {
                    cache[id] = (map, now);
                    interfaces += map.Count;
                }

                read += batch.Length;
            }

            if (read > 0)
            {
                Log.InterfacesRead(_logger, Kind, Location, read, interfaces);
            }
        }
        catch (InventorySourceException e)
        {
            Log.InterfacesFailed(_logger, e.Message);
        }

        _interfaceCache = cache;
        return [.. devices.Select(d => cache.TryGetValue(d.Id, out var cached) && cached.Interfaces.Count > 0 ? d with { Interfaces = cached.Interfaces } : d)];
    }

    /// <summary>Reads the interfaces of the devices in <paramref name="found"/> (by id) into it; all pages, bounded.</summary>
    private async Task ReadInterfacesAsync(Dictionary<string, SortedDictionary<string, string>> found, CancellationToken cancellationToken)
    {
        var filter = _flavor == SourceFlavor.NetBox ? "device_id" : "device";
        var query = found.Keys.Select(id => filter + "=" + Uri.EscapeDataString(id))
            .Prepend("offset=0")
            .Prepend("limit=" + _options.PageSize.ToString(CultureInfo.InvariantCulture));
        var read = new HashSet<string>(StringComparer.Ordinal);
        Uri? page = new(_interfaces, "?" + string.Join('&', query));
        var pages = 0;
        try
        {
            while (page is not null)
            {
                if (++pages > _options.MaxPages)
                {
                    throw Refused($"the interface listing has more than {_options.MaxPages} pages ({Section}:MaxPages); refusing to read on");
                }

                if (!read.Add(page.AbsoluteUri))
                {
                    throw Refused($"'next' leads back to a page already read ({Redact(page)}); refusing to loop");
                }

                page = await ReadPageAsync(page, _interfaces, results => AddInterfaces(results, found), cancellationToken);
            }
        }
        catch (HttpRequestException e)
        {
            throw Refused($"unreachable ({e.HttpRequestError}: {e.Message})", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Refused($"no answer within {_options.Timeout.TotalSeconds:0} s", e);
        }
        catch (IOException e)
        {
            throw Refused($"the connection broke while reading interface page {pages} ({e.Message})", e);
        }
    }

    /// <summary>
    /// Interface rows (<c>id, device {id, …}, name, description, …</c>) into their devices' maps: only names devices.yaml
    /// takes, a non-empty description (cut to 200 characters), at most 1,024 per device; rows of other devices are ignored.
    /// </summary>
    private static void AddInterfaces(JsonElement results, Dictionary<string, SortedDictionary<string, string>> found)
    {
        foreach (var row in results.EnumerateArray())
        {
            var device = row.ValueKind == JsonValueKind.Object && row.TryGetProperty("device", out var d) && d.ValueKind == JsonValueKind.Object && d.TryGetProperty("id", out var id)
                ? id.ToString()
                : null;
            if (device is null || !found.TryGetValue(device, out var map) || map.Count >= MaxInterfaces)
            {
                continue;
            }

            var name = Text(row, "name")?.Trim();
            var description = Text(row, "description")?.Trim();
            if (name is null || !InterfaceName().IsMatch(name) || string.IsNullOrEmpty(description) || description.Any(char.IsControl))
            {
                continue;
            }

            map.TryAdd(name, description.Length > MaxInterfaceDescription ? description[..(MaxInterfaceDescription - 1)] + "…" : description);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z][A-Za-z0-9/.:_-]{0,63}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex InterfaceName();

    private Uri FirstPage()
    {
        var query = new List<string> { "limit=" + _options.PageSize.ToString(CultureInfo.InvariantCulture), "offset=0" };
        if (_flavor == SourceFlavor.NetBox)
        {
            query.Add("exclude=config_context");
        }
        else
        {
            query.Add("depth=1");
        }

        // Nautobot filters statuses by name ("Active"); NetBox by value ("active").
        var status = _flavor == SourceFlavor.Nautobot && _options.Status == "active" ? "Active" : _options.Status;
        query.Add("status=" + Uri.EscapeDataString(status));
        var (tag, role, site) = _flavor == SourceFlavor.NetBox ? ("tag", "role", "site") : ("tags", "role", "location");
        query.AddRange(_options.Tags.Select(t => tag + "=" + Uri.EscapeDataString(t)));
        query.AddRange(_options.Roles.Select(r => role + "=" + Uri.EscapeDataString(r)));
        query.AddRange(_options.Sites.Select(s => site + "=" + Uri.EscapeDataString(s)));
        return new Uri(_endpoint, "?" + string.Join('&', query));
    }

    /// <summary>Hands one page's <c>results</c> to <paramref name="take"/> and returns the next page (on <paramref name="endpoint"/>), or null at the end.</summary>
    private async Task<Uri?> ReadPageAsync(Uri page, Uri endpoint, Action<JsonElement> take, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        using var response = await SendAsync(page, timeout.Token);
        using var document = await ReadJsonAsync(response, timeout.Token);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
        {
            throw Refused($"{Redact(page)} did not answer a list ({{count, next, previous, results}})");
        }

        take(results);

        if (!root.TryGetProperty("next", out var next) || next.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (next.ValueKind != JsonValueKind.String || !Uri.TryCreate(page, next.GetString(), out var nextUri))
        {
            throw Refused("'next' is not a link");
        }

        if (!IsOurEndpoint(nextUri, endpoint))
        {
            throw Refused($"'next' points away from {endpoint.GetLeftPart(UriPartial.Path)} ({Redact(nextUri)}); refusing to send the token there");
        }

        return nextUri;
    }

    /// <summary>Sends with the token, following a redirect only on the same site (a trailing-slash 301/302); the token never leaves it.</summary>
    private async Task<HttpResponseMessage> SendAsync(Uri uri, CancellationToken cancellationToken)
    {
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Authorization = Authorization;
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (status is 301 or 302 or 303 or 307 or 308)
            {
                var location = response.Headers.Location;
                response.Dispose();
                if (location is null || hop >= MaxRedirects || !Uri.TryCreate(uri, location, out var target) || !SameSite(target))
                {
                    throw Refused($"{Redact(uri)} redirects to {(location is null ? "nowhere" : Redact(location))}; set {Section}:Url to the site root the API answers on");
                }

                uri = target;
                continue;
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            var detail = await DetailAsync(response, cancellationToken);
            response.Dispose();
            throw response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? Refused($"refused the token ({status}{detail}); check {Section}:Token and its permission to view devices")
                : Refused($"answered {status}{detail} for {Redact(uri)}");
        }
    }

    private async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > _options.MaxPageBytes)
        {
            throw Refused($"a page of {response.Content.Headers.ContentLength} bytes is larger than {Section}:MaxPageBytes");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var bounded = new BoundedStream(stream, _options.MaxPageBytes);
        try
        {
            return await JsonDocument.ParseAsync(bounded, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            throw Refused($"a page is not JSON ({e.Message})", e);
        }
        catch (InvalidDataException e)
        {
            throw Refused(e.Message + $" ({Section}:MaxPageBytes)", e);
        }
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
            {
                return ": " + InputValidator.Printable(detail.GetString()!.Length > 120 ? detail.GetString()![..120] : detail.GetString()!);
            }
        }
        catch (Exception e) when (e is JsonException or HttpRequestException or IOException)
        {
            // No usable detail; the status says enough.
        }

        return string.Empty;
    }

    private SourceDevice Map(JsonElement d)
    {
        var id = d.TryGetProperty("id", out var idElement) ? idElement.ToString() : "?";
        var custom = d.TryGetProperty("custom_fields", out var cf) && cf.ValueKind == JsonValueKind.Object ? cf : default;
        var fields = _options.CustomFields;
        var problems = new List<string>();

        var status = Nested(d, "status", _flavor == SourceFlavor.NetBox ? "value" : "name");
        if (status is not null && !string.Equals(status, _options.Status, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"its status is {status}, not {_options.Status}; it cannot be targeted");
        }

        string? platform = null;
        var platformKey = _flavor == SourceFlavor.NetBox ? Nested(d, "platform", "slug") : Nested(d, "platform", "network_driver") ?? Nested(d, "platform", "name");
        if (platformKey is not null)
        {
            platform = MapPlatform(platformKey);
            if (platform is null)
            {
                problems.Add($"platform '{InputValidator.Printable(platformKey)}' has no mapping; add it to {Section}:PlatformMap (fortios, cisco_ios, cisco_nxos or linux)");
            }
        }

        var address = Nested(d, "primary_ip4", "address");
        if (address is null)
        {
            problems.Add("it has no primary IPv4 address (primary_ip4), so there is nothing to connect to");
        }
        else if (address.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0)
        {
            address = address[..slash];
        }

        var groups = new List<string>();
        AddGroup(groups, _flavor == SourceFlavor.NetBox ? Nested(d, "role", "slug") ?? Nested(d, "device_role", "slug") : Nested(d, "role", "name"));
        if (d.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array)
        {
            foreach (var tag in tags.EnumerateArray())
            {
                AddGroup(groups, Text(tag, _flavor == SourceFlavor.NetBox ? "slug" : "name") ?? Text(tag, "name"));
            }
        }

        var site = _flavor == SourceFlavor.NetBox ? Nested(d, "site", "slug") : Nested(d, "location", "name");
        return new SourceDevice(id)
        {
            Name = Text(d, "name"),
            Platform = platform,
            Site = site,
            Groups = groups,
            Address = address,
            Port = CustomInt(custom, fields.Port),
            Transport = CustomText(custom, fields.Transport) ?? _options.DefaultTransport,
            CredentialRef = CustomText(custom, fields.CredentialRef) ?? _options.DefaultCredentialRef,
            HostKeyFingerprint = CustomText(custom, fields.HostKeyFingerprint),
            Via = CustomText(custom, fields.Via),
            SessionLimit = CustomInt(custom, fields.SessionLimit) ?? _options.DefaultSessionLimit,
            ServiceNowCi = CustomText(custom, fields.ServiceNowCi),
            Description = Text(d, "description") is { Length: > 0 } description ? description : null,
            Url = Text(d, "display_url") ?? Text(d, "url"),
            LastUpdated = Text(d, "last_updated"),
            Problem = problems.Count == 0 ? null : string.Join("; ", problems),
        };
    }

    private string? MapPlatform(string key)
    {
        if (_options.PlatformMap.TryGetValue(key, out var mapped) || BuiltInPlatforms.TryGetValue(key, out mapped))
        {
            return mapped;
        }

        return PlatformNames.TryParse(key.Replace('-', '_'), out var platform) ? platform.ToName() : null;
    }

    /// <summary>Role and tag names become group names: lower case, anything but letters, digits, '_', '.', '-' as '-'.</summary>
    private static void AddGroup(List<string> groups, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return;
        }

        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-');
        }

        var group = builder.ToString().Trim('-');
        if (group.Length > 0 && !groups.Contains(group, StringComparer.OrdinalIgnoreCase))
        {
            groups.Add(group.Length > 64 ? group[..64] : group);
        }
    }

    private static string? Nested(JsonElement e, string property, string field) =>
        e.TryGetProperty(property, out var nested) && nested.ValueKind == JsonValueKind.Object ? Text(nested, field) : null;

    private static string? Text(JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? CustomText(JsonElement custom, string name) =>
        custom.ValueKind == JsonValueKind.Object && custom.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String when value.GetString()!.Trim().Length > 0 => value.GetString()!.Trim(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private static int? CustomInt(JsonElement custom, string name) =>
        int.TryParse(CustomText(custom, name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;

    private bool SameSite(Uri uri) =>
        Uri.Compare(uri, _base, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>The device list on our site; without its trailing slash too (the site answers that with a 302 to the slash form).</summary>
    private bool IsOurEndpoint(Uri uri, Uri endpoint) =>
        SameSite(uri) && (uri.AbsolutePath == endpoint.AbsolutePath || uri.AbsolutePath + "/" == endpoint.AbsolutePath);

    /// <summary>A link for messages: no query (filters may name internal things), never a token.</summary>
    private static string Redact(Uri uri) => uri.IsAbsoluteUri ? uri.GetLeftPart(UriPartial.Path) : uri.OriginalString.Split('?')[0];

    private InventorySourceException Refused(string why, Exception? inner = null)
    {
        var message = $"{Kind} {Location}: {why}";
        return inner is null ? new InventorySourceException(message) : new InventorySourceException(message, inner);
    }
}
