namespace ChatNetOps.Teams.Tests.Infrastructure;

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>A Bot Connector stand-in on 127.0.0.1 (real Kestrel): records every call and answers like the Connector.</summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<RecordedCall, string> _ids = new(ReferenceEqualityComparer.Instance);
    private int _nextId;

    private FakeConnector(WebApplication app) => _app = app;

    public Uri ServiceUrl { get; private set; } = null!;

    public ConcurrentQueue<RecordedCall> Calls { get; } = new();

    /// <summary>Answers to give before the normal one: status and optional Retry-After seconds, consumed in order.</summary>
    public ConcurrentQueue<(int Status, int? RetryAfterSeconds)> Faults { get; } = new();

    /// <summary>
    /// While set, calls whose method and path match are recorded but get no answer until it completes (a slow Connector).
    /// </summary>
    public (Func<string, string, bool> Match, TaskCompletionSource Release)? Hold { get; set; }

    /// <summary>Held calls the caller stayed for until they were answered (it did not give up on them).</summary>
    public ConcurrentQueue<RecordedCall> AnsweredAfterHold { get; } = new();

    /// <summary>Members the members API knows, by MRI or AAD object id.</summary>
    public ConcurrentDictionary<string, JsonObject> Members { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static async Task<FakeConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new FakeConnector(app);
        app.Run(connector.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        connector.ServiceUrl = new Uri(address.TrimEnd('/') + "/teams/");
        return connector;
    }

    /// <summary>The activity id this fake answered to a recorded POST.</summary>
    public string IdOf(RecordedCall call)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            if (_ids.TryGetValue(call, out var id))
            {
                return id;
            }

            Thread.Yield();
        }

        throw new InvalidOperationException("That call got no id.");
    }

    public RecordedCall[] CallsTo(string method) => [.. Calls.Where(c => c.Method == method)];

    /// <summary>Waits (bounded) until a call matching the predicate has arrived.</summary>
    public async Task<RecordedCall> WaitForAsync(Func<RecordedCall, bool> predicate, TimeSpan? timeout = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < (timeout ?? TimeSpan.FromSeconds(20)))
        {
            var match = Calls.FirstOrDefault(predicate);
            if (match is not null)
            {
                return match;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("No matching Connector call arrived. Calls: " + string.Join("; ", Calls.Select(c => $"{c.Method} {c.Path}")));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        var path = Uri.UnescapeDataString(context.Request.Path.Value ?? string.Empty);
        var call = new RecordedCall(context.Request.Method, path, context.Request.Headers.Authorization.ToString(), string.IsNullOrEmpty(body) ? null : JsonNode.Parse(body));
        Calls.Enqueue(call);
        var held = Hold is { } hold && hold.Match(call.Method, path);
        if (held)
        {
            await Hold!.Value.Release.Task.WaitAsync(context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            if (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            AnsweredAfterHold.Enqueue(call);
        }

        if (Faults.TryDequeue(out var fault))
        {
            if (fault.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            context.Response.StatusCode = fault.Status;
            await context.Response.WriteAsJsonAsync(new { error = new { code = "Throttled", message = "slow down" } });
            return;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (context.Request.Method == "GET" && segments.Length >= 2 && segments[^2] == "members")
        {
            if (Members.TryGetValue(segments[^1], out var member))
            {
                await context.Response.WriteAsync(member.ToJsonString());
            }
            else
            {
                context.Response.StatusCode = 404;
                await context.Response.WriteAsJsonAsync(new { error = new { code = "MemberNotFoundInConversation", message = "not found" } });
            }

            return;
        }

        if (context.Request.Method == "POST" && path.EndsWith("/v3/conversations", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 201;
            await context.Response.WriteAsJsonAsync(new { id = "a:created-" + Interlocked.Increment(ref _nextId), activityId = "act-" + Interlocked.Increment(ref _nextId) });
            return;
        }

        if (context.Request.Method == "PUT")
        {
            await context.Response.WriteAsJsonAsync(new { id = segments[^1] });
            return;
        }

        var id = "msg-" + Interlocked.Increment(ref _nextId);
        _ids[call] = id;
        context.Response.StatusCode = 201;
        await context.Response.WriteAsJsonAsync(new { id });
    }
}
