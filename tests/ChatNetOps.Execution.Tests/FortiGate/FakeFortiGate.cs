namespace ChatNetOps.Execution.Tests.FortiGate;

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// A Kestrel HTTPS server on 127.0.0.1 standing in for a FortiGate's monitor API: checks the bearer token like a REST
/// API admin, answers with FortiOS-shaped JSON, pages the session table by <c>start</c>/<c>count</c>, and records
/// every request. Routes can be replaced per test (errors, hangs).
/// </summary>
internal sealed class FakeFortiGate : IAsyncDisposable
{
    public const string Token = "fgt-test-token-5f1c9a";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.Ordinal);

    private FakeFortiGate(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        Certificate = certificate;
        Route("/api/v2/monitor/router/ospf/neighbors", c => Json(c, FortiOsJson.OspfNeighbors(Vdom(c))));
        Route("/api/v2/monitor/vpn/ipsec", c => Json(c, FortiOsJson.Ipsec(Vdom(c))));
        Route("/api/v2/monitor/system/status", c => Json(c, FortiOsJson.SystemStatus(Vdom(c))));
        Route("/api/v2/monitor/system/resource/usage", c => Json(c, FortiOsJson.ResourceUsage(Vdom(c))));
        Route("/api/v2/monitor/firewall/session", c =>
        {
            var start = int.Parse(c.Request.Query["start"].ToString(), CultureInfo.InvariantCulture);
            var count = int.Parse(c.Request.Query["count"].ToString(), CultureInfo.InvariantCulture);
            return Json(c, FortiOsJson.Sessions(start, count, SessionCount, Vdom(c)));
        });
    }

    public X509Certificate2 Certificate { get; }

    public string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(Certificate.RawData));

    public int Port { get; private set; }

    public int SessionCount { get; set; } = 5;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Completes when a request reaches a route set by <see cref="Hang"/>.</summary>
    public TaskCompletionSource HangReached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="listen">A listening socket made elsewhere (inside a network namespace) to serve on instead of 127.0.0.1.</param>
    public static async Task<FakeFortiGate> StartAsync(X509Certificate2? certificate = null, (ulong Handle, int Port)? listen = null)
    {
        certificate ??= TestCertificates.SelfSigned();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            if (listen is { } socket)
            {
                k.ListenHandle(socket.Handle, l => l.UseHttps(certificate));
            }
            else
            {
                k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate));
            }
        });
        var app = builder.Build();
        var fake = new FakeFortiGate(app, certificate);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Port = listen?.Port ?? new Uri(address).Port;
        return fake;
    }

    public void Route(string path, Func<HttpContext, Task> handler) => _routes[path] = handler;

    /// <summary>The route never answers (until the client gives up).</summary>
    public void Hang(string path) => Route(path, async c =>
    {
        HangReached.TrySetResult();
        await Task.Delay(Timeout.Infinite, c.RequestAborted);
    });

    public static Task Json(HttpContext context, string body, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificate.Dispose();
    }

    private static string Vdom(HttpContext context) => context.Request.Query.TryGetValue("vdom", out var v) ? v.ToString() : "root";

    private async Task HandleAsync(HttpContext context)
    {
        Requests.Enqueue(new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            context.Request.QueryString.Value ?? string.Empty,
            context.Request.Headers.Authorization.ToString())
        {
            Connection = context.Connection.Id,
            From = context.Connection.RemoteIpAddress?.ToString(),
        });
        if (!string.Equals(context.Request.Headers.Authorization.ToString(), "Bearer " + Token, StringComparison.Ordinal))
        {
            // FortiOS answers an unknown or untrusted API key with 401 and an empty body.
            context.Response.StatusCode = 401;
            return;
        }

        if (!_routes.TryGetValue(context.Request.Path.Value ?? string.Empty, out var route))
        {
            await Json(context, FortiOsJson.Error(-3, 404), 404);
            return;
        }

        await route(context);
    }
}
