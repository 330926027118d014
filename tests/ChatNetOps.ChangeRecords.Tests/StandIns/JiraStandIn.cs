namespace ChatNetOps.ChangeRecords.Tests.StandIns;

using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

/// <summary>
/// A Jira Cloud stand-in on 127.0.0.1 (Kestrel), answering in the documented shapes of the REST API v3
/// (developer.atlassian.com/cloud/jira/platform/rest/v3, groups "Issues", "Issue comments", "Issue search"):
/// <list type="bullet">
/// <item><c>POST /rest/api/3/issue</c> <c>{"fields":{"project":{"key"},"issuetype":{"name"},"summary","description":ADF,"labels"}}</c>
/// → 201 <c>{"id","key","self"}</c>; an unknown project → 400 <c>{"errorMessages":[],"errors":{"project":"valid project is required"}}</c>.</item>
/// <item><c>POST /rest/api/3/issue/{key}/comment</c> <c>{"body":ADF}</c> → 201; <c>GET …/comment</c> → <c>{"comments":[{"id","body"}],"total"}</c>.</item>
/// <item><c>GET /rest/api/3/issue/{key}/transitions</c> → <c>{"transitions":[{"id","name","to":{…}}]}</c> (ids differ per
/// workflow); <c>POST …/transitions</c> <c>{"transition":{"id"},"update":{"comment":[{"add":{"body"}}]}}</c> → 204.</item>
/// <item><c>GET /rest/api/3/search/jql?jql=…</c> → <c>{"issues":[…]}</c>, eventually consistent: an issue appears only
/// <see cref="SearchLag"/> after it was created (Atlassian changelog CHANGE-2046).</item>
/// <item>Auth: basic <c>email:api_token</c> (developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis) or a
/// bearer; otherwise 401. Rate limiting (developer.atlassian.com/cloud/jira/platform/rate-limiting, "Rate limit
/// responses"): 429 + <c>Retry-After</c> (seconds) + <c>RateLimit-Reason</c>; with a <see cref="Quota"/> every answer carries
/// <c>X-RateLimit-Limit</c>, <c>X-RateLimit-Remaining</c> and <c>X-RateLimit-Reset</c> (ISO 8601, <c>yyyy-MM-ddTHH:mmZ</c>).</item>
/// </list>
/// </summary>
public sealed class JiraStandIn : IAsyncDisposable
{
    public const string Email = "netops-bot@example.net";
    public const string ApiToken = "ATATT3x-jira-token-DO-NOT-LOG";

    private readonly WebApplication _app;
    private readonly object _gate = new();
    private int _next = 122;
    private int _quotaUsed;
    private (int Limit, DateTimeOffset Reset, TimeSpan Window)? _quota;

    private JiraStandIn(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public TimeSpan SearchLag { get; set; } = TimeSpan.FromMinutes(1);

    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.MinValue;

    public Func<string, Task>? AfterWrite { get; set; }

    public int? RateLimit { get; set; }

    /// <summary>How many calls <see cref="RateLimit"/> refuses before it clears itself (null: until the test clears it).</summary>
    public int? RateLimitCalls { get; set; }

    /// <summary>
    /// A request quota: <c>Limit</c> requests until <c>Reset</c> (the test's clock, <see cref="Now"/>; give a whole minute, as
    /// the header has minute precision), then a fresh window of <c>Window</c>. Past the limit: 429 with Retry-After. Setting it
    /// starts a fresh count.
    /// </summary>
    public (int Limit, DateTimeOffset Reset, TimeSpan Window)? Quota
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

    /// <summary>Each call with the test clock's time when it arrived.</summary>
    public ConcurrentQueue<(string Call, DateTimeOffset At)> Timeline { get; } = new();

    public List<(string Key, JsonObject Fields, DateTimeOffset Created)> Issues { get; } = [];

    public Dictionary<string, List<JsonObject>> Comments { get; } = [];

    public Dictionary<string, string> Status { get; } = [];

    public static async Task<JiraStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new JiraStandIn(app);
        standIn.Map(app);
        await app.StartAsync();
        standIn.BaseAddress = new Uri(app.Urls.First());
        return standIn;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string Key(JsonObject issue) => issue["key"]!.GetValue<string>();

    /// <summary>Counts the call and writes the X-RateLimit-* headers; false (429 headers written) when the quota is used up.</summary>
    private bool CountAgainstQuota(HttpResponse response)
    {
        lock (_gate)
        {
            var (limit, reset, window) = _quota!.Value;
            var now = Now();
            while (now >= reset)
            {
                reset += window;
                _quotaUsed = 0;
            }

            _quota = (limit, reset, window);
            response.Headers["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
            response.Headers["X-RateLimit-Reset"] = reset.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);
            if (_quotaUsed >= limit)
            {
                QuotaRefusals++;
                response.Headers["X-RateLimit-Remaining"] = "0";
                response.Headers["Retry-After"] = ((int)Math.Ceiling((reset - now).TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                response.Headers["RateLimit-Reason"] = "jira-burst-based";
                return false;
            }

            _quotaUsed++;
            response.Headers["X-RateLimit-Remaining"] = (limit - _quotaUsed).ToString(CultureInfo.InvariantCulture);
            return true;
        }
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            Calls.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            Timeline.Enqueue(($"{context.Request.Method} {context.Request.Path}", Now()));
            if (RateLimit is { } seconds)
            {
                if (RateLimitCalls is { } left && --left <= 0)
                {
                    RateLimit = null;
                }

                RateLimitCalls = RateLimitCalls is null ? null : RateLimitCalls - 1;
                context.Response.Headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
                context.Response.Headers["RateLimit-Reason"] = "jira-burst-based";
                await Results.Json(new JsonObject { ["errorMessages"] = new JsonArray("Rate limit exceeded."), ["errors"] = new JsonObject() }, statusCode: 429).ExecuteAsync(context);
                return;
            }

            if (Quota is not null && !CountAgainstQuota(context.Response))
            {
                await Results.Json(new JsonObject { ["errorMessages"] = new JsonArray("Rate limit exceeded."), ["errors"] = new JsonObject() }, statusCode: 429).ExecuteAsync(context);
                return;
            }

            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Email}:{ApiToken}"));
            if (context.Request.Headers.Authorization.ToString() != expected)
            {
                await Results.Json(new JsonObject { ["errorMessages"] = new JsonArray("You are not authorized to perform this operation. Please log in."), ["errors"] = new JsonObject() }, statusCode: 401).ExecuteAsync(context);
                return;
            }

            await next();
        });

        app.MapPost("/rest/api/3/issue", async (HttpRequest request) =>
        {
            var fields = (await JsonNode.ParseAsync(request.Body))!["fields"]!.AsObject();
            if (fields["project"]?["key"]?.GetValue<string>() != "NET")
            {
                return Results.Json(new JsonObject { ["errorMessages"] = new JsonArray(), ["errors"] = new JsonObject { ["project"] = "valid project is required" } }, statusCode: 400);
            }

            string key;
            lock (_gate)
            {
                key = $"NET-{++_next}";
                Issues.Add((key, fields, Now()));
                Comments[key] = [];
                Status[key] = "To Do";
            }

            if (AfterWrite is { } hook)
            {
                await hook("create");
            }

            return Results.Json(new JsonObject { ["id"] = (10000 + _next).ToString(CultureInfo.InvariantCulture), ["key"] = key, ["self"] = $"{BaseAddress}rest/api/3/issue/{key}" }, statusCode: 201);
        });

        app.MapPost("/rest/api/3/issue/{key}/comment", async (string key, HttpRequest request) =>
        {
            var body = (await JsonNode.ParseAsync(request.Body))!["body"]!.AsObject();
            lock (_gate)
            {
                if (!Comments.TryGetValue(key, out var list))
                {
                    return Results.Json(new JsonObject { ["errorMessages"] = new JsonArray("Issue does not exist or you do not have permission to see it."), ["errors"] = new JsonObject() }, statusCode: 404);
                }

                list.Add(new JsonObject { ["id"] = list.Count.ToString(CultureInfo.InvariantCulture), ["body"] = body.DeepClone() });
            }

            if (AfterWrite is { } hook)
            {
                await hook("comment");
            }

            return Results.Json(new JsonObject { ["id"] = "1" }, statusCode: 201);
        });

        app.MapGet("/rest/api/3/issue/{key}/comment", (string key) =>
        {
            lock (_gate)
            {
                var list = Comments.GetValueOrDefault(key) ?? [];
                return Results.Json(new JsonObject { ["comments"] = new JsonArray([.. list.Select(c => (JsonNode)c.DeepClone())]), ["total"] = list.Count });
            }
        });

        app.MapGet("/rest/api/3/issue/{key}/transitions", (string key) =>
        {
            lock (_gate)
            {
                var transitions = Status.GetValueOrDefault(key) == "Done"
                    ? new JsonArray(new JsonObject { ["id"] = "11", ["name"] = "Reopen" })
                    : new JsonArray(new JsonObject { ["id"] = "21", ["name"] = "In Progress" }, new JsonObject { ["id"] = "31", ["name"] = "Done" });
                return Results.Json(new JsonObject { ["expand"] = "transitions", ["transitions"] = transitions });
            }
        });

        app.MapPost("/rest/api/3/issue/{key}/transitions", async (string key, HttpRequest request) =>
        {
            var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
            lock (_gate)
            {
                if (body["transition"]?["id"]?.GetValue<string>() != "31")
                {
                    return Results.Json(new JsonObject { ["errorMessages"] = new JsonArray("Transition id is not valid for this issue."), ["errors"] = new JsonObject() }, statusCode: 400);
                }

                Status[key] = "Done";
                if (body["update"]?["comment"] is JsonArray comments)
                {
                    Comments[key].AddRange(comments.Select(c => new JsonObject { ["id"] = "t", ["body"] = c!["add"]!["body"]!.DeepClone() }));
                }
            }

            return Results.NoContent();
        });

        app.MapGet("/rest/api/3/issue/{key}", (string key) =>
        {
            lock (_gate)
            {
                return Results.Json(new JsonObject { ["key"] = key, ["fields"] = new JsonObject { ["status"] = new JsonObject { ["name"] = Status.GetValueOrDefault(key) } } });
            }
        });

        app.MapGet("/rest/api/3/search/jql", (HttpRequest request) =>
        {
            var jql = request.Query["jql"].ToString();
            lock (_gate)
            {
                var visible = Issues.Where(i => Now() - i.Created >= SearchLag
                    && (i.Fields["labels"] as JsonArray ?? []).Any(l => jql.Contains($"labels = \"{l!.GetValue<string>()}\"", StringComparison.Ordinal)));
                return Results.Json(new JsonObject { ["issues"] = new JsonArray([.. visible.Select(i => (JsonNode)new JsonObject { ["id"] = "1", ["key"] = i.Key })]) });
            }
        });
    }
}
