namespace ChatNetOps.ChangeRecords.Tests.StandIns;

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

/// <summary>
/// A ServiceNow instance stand-in on 127.0.0.1 (Kestrel), answering in the documented shapes:
/// <list type="bullet">
/// <item>Table API (ServiceNowDocs <c>markdown/api-reference/rest-apis/c_TableAPI.md</c>): <c>POST /api/now/table/{table}</c>
/// → 201 + <c>Location</c> + <c>{"result":{…"sys_id","number"}}</c>; <c>GET …?sysparm_query=a=b^c=d&amp;sysparm_fields&amp;sysparm_limit</c>
/// → <c>{"result":[…]}</c>; <c>PATCH …/{sys_id}</c> → 200 <c>{"result":{…}}</c>, 404 for an unknown sys_id.
/// Journal entries (<c>work_notes</c>) are rows of <c>sys_journal_field</c> (<c>element_id</c>, <c>element</c>, <c>value</c>);
/// configuration items are rows of <c>cmdb_ci</c> (<c>sys_id</c>, <c>name</c>), and <c>change_request.cmdb_ci</c> is a
/// reference field holding a CI's sys_id.</item>
/// <item>Affected CIs (<c>it-service-management/change-management/c_AffectedCIsAndImpactedServices.md</c>: several CIs per
/// change through the "Affected CIs" related list): rows of the <c>task_ci</c> table with the reference fields <c>task</c>
/// (the change's sys_id) and <c>ci_item</c> (the CI's sys_id), written one row per CI with the Table API
/// (<c>POST /api/now/table/task_ci</c> → 201 <c>{"result":{…}}</c>) and read with <c>GET …/task_ci?sysparm_query=task=…</c>;
/// reference fields read back as <c>{"link","value"}</c>. The table has no uniqueness rule on (task, ci_item): a second
/// POST makes a second row. The change's own <c>cmdb_ci</c> is not a <c>task_ci</c> row (ansible-collections/servicenow.itsm
/// discussion #246).</item>
/// <item>Change Management API (<c>rest-apis/change-management-api.md</c>): <c>POST /api/sn_chg_rest/change/{emergency|normal}</c>,
/// <c>POST …/standard/{template}</c>, <c>PATCH …/change/{sys_id}</c>; fields come back as <c>{value, display_value}</c>.
/// "Change - GET /sn_chg_rest/change" (same page): <c>GET /api/sn_chg_rest/change?sysparm_query=number=CHG…</c> →
/// <c>{"result":[…]}</c> of the matching change requests (an empty array when none match), fields as <c>{value, display_value}</c>.
/// An instance without the plugin answers 404 "Requested URI does not represent any resource".</item>
/// <item>OAuth client credentials (<c>platform-security/authentication/client-credentials-grant-workflow.md</c>):
/// <c>POST /oauth_token.do</c> form <c>grant_type=client_credentials</c> → <c>{access_token, expires_in, token_type}</c>.</item>
/// <item>Errors: 401 <c>{"error":{"message":"User Not Authenticated","detail":"Required to provide Auth information"},"status":"failure"}</c>;
/// rate limit (<c>rest-api-explorer/inbound-REST-API-rate-limiting.md</c>) 429 + <c>Retry-After</c> (seconds) +
/// <c>X-RateLimit-*</c> with <c>{"error":{"message":"Rate limit exceeded"},"status":"failure"}</c>; 503 during an outage.
/// With a <see cref="Quota"/> (a rate limit rule) every answer carries the documented <c>X-RateLimit-Limit</c>,
/// <c>X-RateLimit-Reset</c> (a Unix timestamp) and <c>X-RateLimit-Rule</c> (the rule's sys_id); ServiceNow documents no
/// <c>X-RateLimit-Remaining</c>, so none is sent.</item>
/// </list>
/// Faults are switched on by the test (<see cref="Down"/>, <see cref="RateLimit"/>, <see cref="AfterWrite"/>).
/// </summary>
public sealed class ServiceNowStandIn : IAsyncDisposable
{
    public const string User = "chatnetops.integration";
    public const string Password = "Sn0w-p@ss-DO-NOT-LOG";
    public const string ClientId = "3e5c2a7b9f1d4e6a8c0b2d4f6a8c0e1f";
    public const string ClientSecret = "cl13nt-s3cr3t-DO-NOT-LOG";
    private const string Token = "tok-0a1b2c3d4e5f-DO-NOT-LOG";

    private readonly WebApplication _app;
    private readonly object _gate = new();
    private int _numbers = 31233;
    private int _quotaUsed;
    private (int Limit, DateTimeOffset Reset)? _quota;

    private ServiceNowStandIn(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public bool ChangeApiInstalled { get; set; } = true;

    /// <summary>While true, every call answers 503.</summary>
    public Func<bool> Down { get; set; } = () => false;

    /// <summary>When set, the next calls answer 429 with this Retry-After (seconds) until it is cleared.</summary>
    public int? RateLimit { get; set; }

    /// <summary>Runs after a write is committed and before the answer is sent (a crash of the caller goes here).</summary>
    public Func<string, Task>? AfterWrite { get; set; }

    /// <summary>The test's clock, for <see cref="Quota"/>.</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.MinValue;

    /// <summary>A rate limit rule: <c>Limit</c> requests until <c>Reset</c>, then a fresh hour. Past it: 429 + Retry-After. Setting it starts a fresh count.</summary>
    public (int Limit, DateTimeOffset Reset)? Quota
    {
        get => _quota;
        set
        {
            lock (_gate)
            {
                (_quota, _quotaUsed) = (value, 0);
            }
        }
    }

    /// <summary>How many calls the quota refused with 429.</summary>
    public int QuotaRefusals { get; private set; }

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>cmdb_ci rows: (sys_id, name).</summary>
    public List<(string SysId, string Name)> ConfigurationItems { get; } = [];

    public List<JsonObject> Changes { get; } = [];

    /// <summary>task_ci rows: (sys_id, task, ci_item).</summary>
    public List<(string SysId, string Task, string CiItem)> AffectedCis { get; } = [];

    /// <summary>sys_journal_field rows: (element_id, element, value).</summary>
    public List<(string ElementId, string Element, string Value)> Journal { get; } = [];

    public static async Task<ServiceNowStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new ServiceNowStandIn(app);
        standIn.Map(app);
        await app.StartAsync();
        standIn.BaseAddress = new Uri(app.Urls.First());
        return standIn;
    }

    /// <summary>A change that exists on the instance before the test (e.g. planned by the change manager), as the Table API stores it.</summary>
    public JsonObject AddChange(string number, string type, string shortDescription)
    {
        var row = new JsonObject
        {
            ["sys_id"] = Guid.NewGuid().ToString("N"),
            ["number"] = number,
            ["type"] = type,
            ["state"] = "-2",
            ["short_description"] = shortDescription,
        };
        lock (_gate)
        {
            Changes.Add(row);
        }

        return row;
    }

    public IReadOnlyList<string> WorkNotes(string sysId)
    {
        lock (_gate)
        {
            return [.. Journal.Where(j => j.ElementId == sysId && j.Element == "work_notes").Select(j => j.Value)];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static IResult Error(int status, string message, string? detail = null) =>
        Results.Json(new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["detail"] = detail }, ["status"] = "failure" }, statusCode: status);

    private static Dictionary<string, string> Query(HttpRequest request)
    {
        var conditions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in (request.Query["sysparm_query"].ToString()).Split('^', StringSplitOptions.RemoveEmptyEntries))
        {
            var like = part.IndexOf("LIKE", StringComparison.Ordinal);
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (like > 0 && (eq < 0 || like < eq))
            {
                conditions[part[..like] + "~"] = part[(like + 4)..];
            }
            else if (eq > 0)
            {
                conditions[part[..eq]] = part[(eq + 1)..];
            }
        }

        return conditions;
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            Calls.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            if (Down())
            {
                await Error(503, "Service Unavailable", "The instance is down for maintenance").ExecuteAsync(context);
                return;
            }

            if (RateLimit is { } seconds)
            {
                context.Response.Headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
                context.Response.Headers["X-RateLimit-Limit"] = "100";
                context.Response.Headers["X-RateLimit-Rule"] = "chatnetops-integration";
                await Error(429, "Rate limit exceeded", "Too many requests").ExecuteAsync(context);
                return;
            }

            if (Quota is not null && !CountAgainstQuota(context.Response))
            {
                await Error(429, "Rate limit exceeded", "Too many requests").ExecuteAsync(context);
                return;
            }

            if (context.Request.Path != "/oauth_token.do" && !Authorized(context.Request))
            {
                await Error(401, "User Not Authenticated", "Required to provide Auth information").ExecuteAsync(context);
                return;
            }

            await next();
        });

        app.MapPost("/oauth_token.do", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            return form["grant_type"] == "client_credentials" && form["client_id"] == ClientId && form["client_secret"] == ClientSecret
                ? Results.Json(new JsonObject { ["access_token"] = Token, ["scope"] = "useraccount", ["token_type"] = "Bearer", ["expires_in"] = 1799 })
                : Results.Json(new JsonObject { ["error_description"] = "access_denied", ["error"] = "server_error" }, statusCode: 401);
        });

        app.MapGet("/api/sn_chg_rest/change", (HttpRequest request) =>
        {
            if (!ChangeApiInstalled)
            {
                return Error(404, "Requested URI does not represent any resource");
            }

            var query = Query(request);
            lock (_gate)
            {
                var rows = Changes.Where(c => query.All(q => c[q.Key]?.GetValue<string>() == q.Value)).Select(c => (JsonNode)Displayed(c));
                return Results.Json(new JsonObject { ["result"] = new JsonArray([.. rows]) });
            }
        });
        app.MapPost("/api/sn_chg_rest/change/{type}", async (string type, HttpRequest request) =>
            !ChangeApiInstalled ? Error(404, "Requested URI does not represent any resource") : await CreateAsync(request, type, displayValues: true));
        app.MapPost("/api/sn_chg_rest/change/standard/{template}", async (string template, HttpRequest request) =>
            !ChangeApiInstalled ? Error(404, "Requested URI does not represent any resource") : await CreateAsync(request, "standard", displayValues: true));
        app.MapMethods("/api/sn_chg_rest/change/{sysId}", ["PATCH"], async (string sysId, HttpRequest request) =>
            !ChangeApiInstalled ? Error(404, "Requested URI does not represent any resource") : await PatchAsync(request, sysId, displayValues: true));
        app.MapPost("/api/now/table/change_request", async (HttpRequest request) => await CreateAsync(request, null, displayValues: false));
        app.MapMethods("/api/now/table/change_request/{sysId}", ["PATCH"], async (string sysId, HttpRequest request) => await PatchAsync(request, sysId, displayValues: false));
        app.MapGet("/api/now/table/change_request", (HttpRequest request) =>
        {
            var query = Query(request);
            lock (_gate)
            {
                var rows = Changes.Where(c => query.All(q => c[q.Key]?.GetValue<string>() == q.Value))
                    .Select(c => (JsonNode)new JsonObject { ["sys_id"] = c["sys_id"]!.GetValue<string>(), ["number"] = c["number"]!.GetValue<string>() });
                return Results.Json(new JsonObject { ["result"] = new JsonArray([.. rows]) });
            }
        });
        app.MapGet("/api/now/table/cmdb_ci", (HttpRequest request) =>
        {
            var query = Query(request);
            lock (_gate)
            {
                var rows = ConfigurationItems.Where(ci => query.All(q => (q.Key == "name" ? ci.Name : q.Key == "sys_id" ? ci.SysId : null) == q.Value))
                    .Select(ci => (JsonNode)new JsonObject { ["sys_id"] = ci.SysId });
                return Results.Json(new JsonObject { ["result"] = new JsonArray([.. rows]) });
            }
        });
        app.MapPost("/api/now/table/task_ci", async (HttpRequest request) =>
        {
            var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
            var task = body["task"]?.GetValue<string>();
            var ci = body["ci_item"]?.GetValue<string>();
            (string SysId, string Task, string CiItem) row;
            lock (_gate)
            {
                if (task is null || ci is null || !Changes.Any(c => c["sys_id"]!.GetValue<string>() == task))
                {
                    return Error(400, "Invalid task_ci", "task and ci_item must reference existing records");
                }

                row = (Guid.NewGuid().ToString("N"), task, ci);
                AffectedCis.Add(row);
            }

            if (AfterWrite is { } hook)
            {
                await hook("task_ci");
            }

            return Results.Json(new JsonObject { ["result"] = TaskCi(request, row) }, statusCode: (int)HttpStatusCode.Created);
        });
        app.MapGet("/api/now/table/task_ci", (HttpRequest request) =>
        {
            var query = Query(request);
            lock (_gate)
            {
                var rows = AffectedCis.Where(r => query.All(q => (q.Key == "task" ? r.Task : q.Key == "ci_item" ? r.CiItem : null) == q.Value))
                    .Select(r => (JsonNode)TaskCi(request, r));
                return Results.Json(new JsonObject { ["result"] = new JsonArray([.. rows]) });
            }
        });
        app.MapGet("/api/now/table/sys_journal_field", (HttpRequest request) =>
        {
            var query = Query(request);
            lock (_gate)
            {
                var rows = Journal
                    .Where(j => j.ElementId == query.GetValueOrDefault("element_id") && j.Element == query.GetValueOrDefault("element")
                        && (!query.TryGetValue("value~", out var like) || j.Value.Contains(like, StringComparison.Ordinal)))
                    .Select((j, i) => (JsonNode)new JsonObject { ["sys_id"] = $"journal{i}" });
                return Results.Json(new JsonObject { ["result"] = new JsonArray([.. rows]) });
            }
        });
    }

    /// <summary>Counts the call and writes the rule's headers; false (Retry-After written) when the quota is used up.</summary>
    private bool CountAgainstQuota(HttpResponse response)
    {
        lock (_gate)
        {
            var (limit, reset) = _quota!.Value;
            var now = Now();
            while (now >= reset)
            {
                reset += TimeSpan.FromHours(1);
                _quotaUsed = 0;
            }

            _quota = (limit, reset);
            response.Headers["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
            response.Headers["X-RateLimit-Reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            response.Headers["X-RateLimit-Rule"] = "8f9a1e2d3c4b5a69788796a5b4c3d2e1";
            if (_quotaUsed >= limit)
            {
                QuotaRefusals++;
                response.Headers["Retry-After"] = ((int)Math.Ceiling((reset - now).TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return false;
            }

            _quotaUsed++;
            return true;
        }
    }

    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header == "Bearer " + Token
            || header == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
    }

    private async Task<IResult> CreateAsync(HttpRequest request, string? type, bool displayValues)
    {
        var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
        JsonObject row;
        lock (_gate)
        {
            var sysId = Guid.NewGuid().ToString("N");
            var number = $"CHG{++_numbers:D7}";
            row = new JsonObject { ["sys_id"] = sysId, ["number"] = number, ["state"] = "-5", ["type"] = type ?? body["type"]?.GetValue<string>() };
            foreach (var (key, value) in body)
            {
                if (key != "work_notes")
                {
                    row[key] = value?.DeepClone();
                }
            }

            Changes.Add(row);
        }

        if (AfterWrite is { } hook)
        {
            await hook("create");
        }

        var answer = displayValues ? Displayed(row) : row.DeepClone().AsObject();
        return displayValues
            ? Results.Json(new JsonObject { ["result"] = answer })
            : Results.Json(new JsonObject { ["result"] = answer }, statusCode: (int)HttpStatusCode.Created);
    }

    private async Task<IResult> PatchAsync(HttpRequest request, string sysId, bool displayValues)
    {
        var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
        JsonObject? row;
        lock (_gate)
        {
            row = Changes.FirstOrDefault(c => c["sys_id"]!.GetValue<string>() == sysId);
            if (row is not null)
            {
                foreach (var (key, value) in body)
                {
                    if (key == "work_notes")
                    {
                        Journal.Add((sysId, "work_notes", value!.GetValue<string>()));
                    }
                    else
                    {
                        row[key] = value?.DeepClone();
                    }
                }
            }
        }

        if (row is null)
        {
            return Error(404, "No Record found", "Record doesn't exist or ACL restricts the record retrieval");
        }

        if (AfterWrite is { } hook)
        {
            await hook("patch");
        }

        return Results.Json(new JsonObject { ["result"] = displayValues ? Displayed(row) : row.DeepClone() });
    }

    private static JsonObject TaskCi(HttpRequest request, (string SysId, string Task, string CiItem) row)
    {
        var instance = $"{request.Scheme}://{request.Host}";
        return new JsonObject
        {
            ["sys_id"] = row.SysId,
            ["task"] = new JsonObject { ["link"] = $"{instance}/api/now/table/task/{row.Task}", ["value"] = row.Task },
            ["ci_item"] = new JsonObject { ["link"] = $"{instance}/api/now/table/cmdb_ci/{row.CiItem}", ["value"] = row.CiItem },
        };
    }

    private static JsonObject Displayed(JsonObject row)
    {
        var result = new JsonObject();
        foreach (var (key, value) in row)
        {
            result[key] = new JsonObject { ["value"] = value?.DeepClone(), ["display_value"] = value?.DeepClone() };
        }

        return result;
    }
}
