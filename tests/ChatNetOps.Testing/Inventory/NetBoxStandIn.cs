namespace ChatNetOps.Testing.Inventory;

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// A Kestrel server on 127.0.0.1 standing in for the device list of NetBox 4.x or Nautobot 2.x, which cannot run here
/// (no Debian package; their Python dependencies are not installable offline). It follows the documented behaviour:
/// <list type="bullet">
/// <item><c>GET /api/dcim/devices/</c> answers <c>{count, next, previous, results}</c>, paged by <c>limit</c>/<c>offset</c>
/// (default 50, maximum 1000), <c>next</c> an absolute URL until the last page where it is null; the path without its
/// trailing slash answers 302 to the path with it (NetBox docs/integrations/rest-api.md, "Pagination").</item>
/// <item>Device rows as <c>netbox/dcim/api/serializers_/devices.py</c> writes them: <c>id, url, display, name, role,
/// platform, site, status {value,label}, primary_ip4 {address: "a.b.c.d/nn"}, tags [{slug,name}], custom_fields {k: v},
/// last_updated</c>; <c>name</c>, <c>platform</c> and <c>primary_ip4</c> may be null. Nautobot 2.x
/// (docs.nautobot.com, REST API overview and the <c>nautobot-openapi</c> shapes): UUID ids, <c>location</c> for site,
/// <c>status</c>/<c>role</c> as objects with <c>name</c>, nested objects in full only with <c>?depth=1</c>.</item>
/// <item>Authentication (NetBox docs/integrations/rest-api.md "Authentication"; <c>netbox/users/constants.py</c>
/// <c>TOKEN_PREFIX = 'nbt_'</c>): <c>Authorization: Token &lt;40 hex&gt;</c> (v1) or <c>Authorization: Bearer
/// nbt_&lt;12-char key&gt;.&lt;40-char token&gt;</c> (v2); a wrong token answers 403 <c>{"detail": "Invalid v1/v2 token"}</c>,
/// none 403 <c>{"detail": "Authentication credentials were not provided."}</c>. Nautobot: <c>Token</c> only.</item>
/// <item>Filters <c>status</c>, <c>tag</c> (Nautobot <c>tags</c>), <c>role</c>, <c>site</c> (Nautobot <c>location</c>).</item>
/// <item><c>GET /api/dcim/interfaces/</c>: the same envelope and paging; rows as NetBox's <c>InterfaceSerializer</c>
/// (<c>netbox/dcim/api/serializers_/device_components.py</c>) writes them: <c>id, url, display, device {id, url, display,
/// name, description}, name, label, type {value,label}, enabled, mgmt_only, description</c> (an empty string when unset).
/// Filtered by <c>device_id</c> (NetBox's <c>DeviceComponentFilterSet</c>; several values are OR-ed, as every django-filter
/// multiple-choice filter). Nautobot 2.x filters by <c>device</c> (a UUID or name; its 2.0 migration guide drops the
/// <c>_id</c> filters) and nests <c>device</c> as <c>{id, object_type, url}</c> at depth 0.</item>
/// </list>
/// Faults are set per test: a connection dropped at a page, <c>next</c> links that loop or point elsewhere.
/// </summary>
public sealed class NetBoxStandIn : IAsyncDisposable
{
    public const string V1Token = "0123456789abcdef0123456789abcdef01234567";
    public const string V2Token = "nbt_k3yk3yk3yk3y.0123456789abcdef0123456789abcdef01234567";

    private readonly WebApplication _app;

    private NetBoxStandIn(WebApplication app, bool nautobot)
    {
        _app = app;
        Nautobot = nautobot;
    }

    public bool Nautobot { get; }

    public string Url { get; private set; } = string.Empty;

    /// <summary>The devices listed (all of them; the status filter is applied when answering).</summary>
    public List<StandInDevice> Devices { get; } = [];

    /// <summary>Every request: path and query, and the Authorization header's scheme.</summary>
    public ConcurrentQueue<(string PathAndQuery, string? Scheme)> Requests { get; } = new();

    /// <summary>Every interface-list request (path and query), apart from <see cref="Requests"/>.</summary>
    public ConcurrentQueue<string> InterfaceRequests { get; } = new();

    /// <summary>Answers the interface list with 403, as for a token without permission to view interfaces.</summary>
    public bool InterfacesForbidden { get; set; }

    /// <summary>Drops the connection instead of answering this page (1-based), as a source that goes away mid-refresh.</summary>
    public int? DropAtPage { get; set; }

    /// <summary>Replaces the <c>next</c> link of every page (hostile or broken servers).</summary>
    public Func<string?, string?>? RewriteNext { get; set; }

    /// <summary>Writes <c>next</c> without the trailing slash, so following it meets the 302 to the slash form.</summary>
    public bool NextWithoutSlash { get; set; }

    public static async Task<NetBoxStandIn> StartAsync(bool nautobot = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var standIn = new NetBoxStandIn(app, nautobot);
        // Routing matches with and without the trailing slash alike; NetBox answers the form without it with a 302.
        app.MapGet("/api/dcim/devices/", (HttpContext c) =>
        {
            if (c.Request.Path.Value?.EndsWith('/') == true)
            {
                return standIn.ListAsync(c);
            }

            standIn.Requests.Enqueue((c.Request.Path + c.Request.QueryString, Scheme(c)));
            c.Response.StatusCode = StatusCodes.Status302Found;
            c.Response.Headers.Location = "/api/dcim/devices/" + c.Request.QueryString;
            return Task.CompletedTask;
        });
        app.MapGet("/api/dcim/interfaces/", standIn.InterfacesAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn.Url = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        return standIn;
    }

    public StandInDevice Add(string? name, string platform = "cisco-ios", string address = "192.0.2.1/24")
    {
        var device = new StandInDevice(Devices.Count + 1, name) { Platform = platform, Address = address };
        Devices.Add(device);
        return device;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string? Scheme(HttpContext c) =>
        c.Request.Headers.Authorization.ToString() is { Length: > 0 } header ? header.Split(' ')[0] : null;

    private async Task ListAsync(HttpContext c)
    {
        Requests.Enqueue((c.Request.Path + c.Request.QueryString, Scheme(c)));
        var authorization = c.Request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            await Json(c, 403, new JsonObject { ["detail"] = "Authentication credentials were not provided." });
            return;
        }

        var valid = Nautobot ? authorization == "Token " + V1Token : authorization is "Token " + V1Token or "Bearer " + V2Token;
        if (!valid)
        {
            await Json(c, 403, new JsonObject { ["detail"] = "Invalid v1/v2 token" });
            return;
        }

        var query = c.Request.Query;
        var limit = Math.Clamp(int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) ? l : 50, 1, 1000);
        var offset = Math.Max(0, int.TryParse(query["offset"], CultureInfo.InvariantCulture, out var o) ? o : 0);
        var page = (offset / limit) + 1;
        if (DropAtPage == page)
        {
            c.Abort();
            return;
        }

        var status = query["status"].ToString();
        var tags = query[Nautobot ? "tags" : "tag"].ToArray();
        var roles = query["role"].ToArray();
        var sites = query[Nautobot ? "location" : "site"].ToArray();
        var matching = Devices
            .Where(d => status.Length == 0 || string.Equals(d.Status, status, StringComparison.OrdinalIgnoreCase))
            .Where(d => tags.Length == 0 || d.Tags.Any(t => tags.Contains(t)))
            .Where(d => roles.Length == 0 || roles.Contains(d.Role))
            .Where(d => sites.Length == 0 || sites.Contains(d.Site))
            .ToList();
        var results = new JsonArray([.. matching.Skip(offset).Take(limit).Select(d => (JsonNode?)Row(c, d))]);
        string? next = offset + limit < matching.Count ? Link(c, limit, offset + limit) : null;
        if (RewriteNext is { } rewrite)
        {
            next = rewrite(next);
        }

        await Json(c, 200, new JsonObject
        {
            ["count"] = matching.Count,
            ["next"] = next,
            ["previous"] = offset > 0 ? Link(c, limit, Math.Max(0, offset - limit)) : null,
            ["results"] = results,
        });
    }

    private async Task InterfacesAsync(HttpContext c)
    {
        InterfaceRequests.Enqueue(c.Request.Path + c.Request.QueryString);
        var authorization = c.Request.Headers.Authorization.ToString();
        var valid = Nautobot ? authorization == "Token " + V1Token : authorization is "Token " + V1Token or "Bearer " + V2Token;
        if (!valid || InterfacesForbidden)
        {
            await Json(c, 403, new JsonObject { ["detail"] = valid ? "You do not have permission to perform this action." : "Invalid v1/v2 token" });
            return;
        }

        var query = c.Request.Query;
        var limit = Math.Clamp(int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) ? l : 50, 1, 1000);
        var offset = Math.Max(0, int.TryParse(query["offset"], CultureInfo.InvariantCulture, out var o) ? o : 0);
        var wanted = query[Nautobot ? "device" : "device_id"].ToArray();
        var rows = Devices
            .Where(d => wanted.Length == 0 || wanted.Contains(Nautobot ? d.Uuid : d.Id.ToString(CultureInfo.InvariantCulture)))
            .SelectMany(d => d.Interfaces.Select(i => (Device: d, Interface: i)))
            .ToList();
        var results = new JsonArray([.. rows.Skip(offset).Take(limit).Select((r, n) => (JsonNode?)InterfaceRow(r.Device, r.Interface.Name, r.Interface.Description, offset + n + 1))]);
        await Json(c, 200, new JsonObject
        {
            ["count"] = rows.Count,
            ["next"] = offset + limit < rows.Count ? Link(c, limit, offset + limit, "/api/dcim/interfaces/") : null,
            ["previous"] = offset > 0 ? Link(c, limit, Math.Max(0, offset - limit), "/api/dcim/interfaces/") : null,
            ["results"] = results,
        });
    }

    private JsonObject InterfaceRow(StandInDevice d, string name, string? description, int id)
    {
        var deviceId = Nautobot ? d.Uuid : (JsonNode)d.Id;
        var deviceUrl = $"{Url}/api/dcim/devices/{(Nautobot ? d.Uuid : d.Id.ToString(CultureInfo.InvariantCulture))}/";
        return new JsonObject
        {
            ["id"] = Nautobot ? new Guid(id, 1, 0, new byte[8]).ToString() : (JsonNode)id,
            ["url"] = $"{Url}/api/dcim/interfaces/{id}/",
            ["display"] = name,
            ["device"] = Nautobot
                ? new JsonObject { ["id"] = deviceId, ["object_type"] = "dcim.device", ["url"] = deviceUrl }
                : new JsonObject { ["id"] = deviceId, ["url"] = deviceUrl, ["display"] = d.Name, ["name"] = d.Name, ["description"] = d.Description ?? string.Empty },
            ["name"] = name,
            ["label"] = string.Empty,
            ["type"] = new JsonObject { ["value"] = "1000base-t", ["label"] = "1000BASE-T (1GE)" },
            ["enabled"] = true,
            ["mgmt_only"] = false,
            ["description"] = description ?? string.Empty,
        };
    }

    private string Link(HttpContext c, int limit, int offset, string? path = null)
    {
        var query = c.Request.Query
            .Where(q => q.Key is not ("limit" or "offset"))
            .SelectMany(q => q.Value.Select(v => $"{q.Key}={Uri.EscapeDataString(v ?? string.Empty)}"))
            .Append($"limit={limit}")
            .Append($"offset={offset}");
        path ??= NextWithoutSlash ? "/api/dcim/devices" : "/api/dcim/devices/";
        return $"{Url}{path}?{string.Join('&', query)}";
    }

    private JsonObject Row(HttpContext c, StandInDevice d)
    {
        var depth = c.Request.Query["depth"].ToString() == "1";
        var id = Nautobot ? d.Uuid : (JsonNode)d.Id;
        var row = new JsonObject
        {
            ["id"] = id,
            ["url"] = $"{Url}/api/dcim/devices/{(Nautobot ? d.Uuid : d.Id.ToString(CultureInfo.InvariantCulture))}/",
            ["display"] = d.Name ?? $"Unnamed device ({d.Id})",
            ["name"] = d.Name,
            ["description"] = d.Description,
            ["tags"] = new JsonArray([.. d.Tags.Select(t => (JsonNode?)new JsonObject { ["id"] = t.Length, ["name"] = Nautobot ? t : t.ToUpperInvariant(), ["slug"] = t, ["color"] = "9e9e9e" })]),
            ["custom_fields"] = new JsonObject([.. d.CustomFields.Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone()))]),
            ["created"] = "2025-01-01T00:00:00Z",
            ["last_updated"] = d.LastUpdated,
        };
        if (Nautobot)
        {
            row["status"] = Nested(depth, d.Status, new JsonObject { ["name"] = Title(d.Status) });
            row["role"] = Nested(depth, d.Role, new JsonObject { ["name"] = d.Role });
            row["location"] = Nested(depth, d.Site, new JsonObject { ["name"] = d.Site });
            row["platform"] = d.Platform is null ? null : Nested(depth, d.Platform, new JsonObject { ["name"] = d.Platform, ["network_driver"] = d.Platform });
            row["primary_ip4"] = d.Address is null ? null : Nested(depth, d.Address, new JsonObject { ["address"] = d.Address });
        }
        else
        {
            row["status"] = new JsonObject { ["value"] = d.Status, ["label"] = Title(d.Status) };
            row["role"] = Brief(d.Role);
            row["site"] = Brief(d.Site);
            row["platform"] = d.Platform is null ? null : Brief(d.Platform);
            row["primary_ip4"] = d.Address is null ? null : new JsonObject { ["id"] = d.Id, ["family"] = new JsonObject { ["value"] = 4, ["label"] = "IPv4" }, ["address"] = d.Address, ["display"] = d.Address };
            row["config_context"] = c.Request.Query["exclude"] == "config_context" ? null : new JsonObject { ["ntp"] = "192.0.2.123" };
        }

        return row;

        JsonObject Brief(string slug) => new() { ["id"] = slug.Length, ["url"] = $"{Url}/api/x/{slug}/", ["display"] = slug, ["name"] = slug, ["slug"] = slug, ["description"] = string.Empty };

        JsonObject Nested(bool full, string key, JsonObject detail)
        {
            var reference = new JsonObject { ["id"] = DeterministicUuid(key), ["object_type"] = "extras.x", ["url"] = $"{Url}/api/x/{Uri.EscapeDataString(key)}/" };
            if (full)
            {
                foreach (var (k, v) in detail)
                {
                    reference[k] = v?.DeepClone();
                }
            }

            return reference;
        }
    }

    private static string Title(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string DeterministicUuid(string key) => new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)).AsSpan(0, 16)).ToString();

    private static Task Json(HttpContext c, int status, JsonObject body)
    {
        c.Response.StatusCode = status;
        c.Response.ContentType = "application/json";
        return c.Response.WriteAsync(body.ToJsonString());
    }
}

/// <summary>One device of the stand-in, in the source's own vocabulary (slugs, a prefix length on the address).</summary>
public sealed class StandInDevice(int id, string? name)
{
    public int Id { get; } = id;

    public string Uuid { get; } = new Guid(id, 0, 0, new byte[8]).ToString();

    public string? Name { get; set; } = name;

    public string? Platform { get; set; } = "cisco-ios";

    public string? Address { get; set; } = "192.0.2.1/24";

    public string Status { get; set; } = "active";

    public string Role { get; set; } = "access-switch";

    public string Site { get; set; } = "ams1";

    public List<string> Tags { get; } = [];

    public string? Description { get; set; }

    public string LastUpdated { get; set; } = "2026-01-02T03:04:05.000000Z";

    public Dictionary<string, JsonNode?> CustomFields { get; } = new(StringComparer.Ordinal);

    /// <summary>The device's interfaces: name and description (null: left empty, as NetBox stores it).</summary>
    public List<(string Name, string? Description)> Interfaces { get; } = [];
}
