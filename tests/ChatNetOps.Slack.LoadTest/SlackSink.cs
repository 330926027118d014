namespace ChatNetOps.Slack.LoadTest;

using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>A minimal Slack Web API on 127.0.0.1 that answers every method ok (with a ts) and counts calls, and a response_url hook.</summary>
internal sealed class SlackSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _calls;
    private long _hooks;
    private long _ts = 1_700_000_000_000_000;

    private SlackSink(WebApplication app) => _app = app;

    public Uri ApiBaseUrl { get; private set; } = null!;

    public Uri Hook { get; private set; } = null!;

    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Posts to the response_url hook: one per processed command (its ephemeral answer).</summary>
    public long Hooks => Interlocked.Read(ref _hooks);

    public static async Task<SlackSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var sink = new SlackSink(app);
        app.MapPost("/api/{method}", async (HttpContext http) =>
        {
            Interlocked.Increment(ref sink._calls);
            await http.Request.Body.CopyToAsync(Stream.Null);
            var n = Interlocked.Increment(ref sink._ts);
            var ts = (n / 1_000_000).ToString(CultureInfo.InvariantCulture) + "." + (n % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync($$"""{"ok":true,"channel":"C0","ts":"{{ts}}","message_ts":"{{ts}}"}""");
        });
        app.MapPost("/hooks/{id}", async (HttpContext http) =>
        {
            Interlocked.Increment(ref sink._calls);
            Interlocked.Increment(ref sink._hooks);
            await http.Request.Body.CopyToAsync(Stream.Null);
            await http.Response.WriteAsync("ok");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        sink.ApiBaseUrl = new Uri(address + "/api/");
        sink.Hook = new Uri(address + "/hooks/bench");
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
