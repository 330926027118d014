namespace ChatNetOps.Teams.Tests.Auth;

using System.Net;
using System.Net.Http.Headers;
using ChatNetOps.Teams.Tests.Infrastructure;
using ChatNetOps.Testing.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// /api/messages on real Kestrel against oversize bodies sent chunked (no Content-Length): without a token nothing
/// but a small prefix is read and the answer is 401; with a valid token reading stops at the 512 KiB cap with 413.
/// Before, the whole body was buffered in memory before the token was even looked at.
/// </summary>
public sealed class BodyLimitTests : IAsyncLifetime
{
    private const long Oversize = 32L * 1024 * 1024;
    private const int Cap = 512 * 1024;

    /// <summary>Only a guard against a hang, not a speed target: the answer comes long before the upload would end.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    private readonly BodyReadCounter _counter = new();
    private OpenIdTestServer _openId = null!;
    private FakeConnector _connector = null!;
    private TeamsBotFactory _bot = null!;
    private TestKey _key = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _openId = await OpenIdTestServer.StartAsync();
        _connector = await FakeConnector.StartAsync();
        _key = _openId.AddKey("key-teams", true, "msteams");
        _bot = TeamsBotFactory.Authenticated(_openId);
        _bot.RemoteAddress = null;
        _bot.ConfigureServices = services => services.AddSingleton<IStartupFilter>(_counter);
        _bot.UseKestrel(0);
        _bot.StartServer();
        var address = _bot.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient(new SocketsHttpHandler(), disposeHandler: true) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
        await _openId.DisposeAsync();
    }

    [Fact]
    public async Task ChunkedOversizeBodyWithoutAToken_Returns401_AndIsNotRead()
    {
        var status = await RawUpload.PostChunkedAsync(_http.BaseAddress!, "/api/messages", Oversize, new Dictionary<string, string>(), HangGuard);

        Assert.Equal(401, status);
        Assert.True(_counter.Read < 128 * 1024, $"the bot read {_counter.Read} bytes of an unauthenticated body");
    }

    [Fact]
    public async Task ChunkedOversizeBodyWithAValidToken_Returns413_AfterReadingAtMostTheCap()
    {
        var token = OpenIdTestServer.CreateToken(_key, TeamsBotFactory.AppId, _connector.ServiceUrl.AbsoluteUri);

        var status = await RawUpload.PostChunkedAsync(_http.BaseAddress!, "/api/messages", Oversize, new Dictionary<string, string> { ["Authorization"] = "Bearer " + token }, HangGuard);

        Assert.Equal(413, status);
        Assert.True(_counter.Read <= Cap + (64 * 1024), $"the bot read {_counter.Read} bytes, past the {Cap} byte cap");
    }

    [Fact]
    public async Task DeclaredOversizeBody_Returns413_WithoutReadingIt()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new ByteArrayContent(new byte[Cap + 1]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, _counter.Read);
    }
}
