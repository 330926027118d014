namespace ChatNetOps.Slack.Tests.WebApi;

using ChatNetOps.Slack.BlockKit;
using ChatNetOps.Slack.Processing;
using ChatNetOps.Slack.Tests.Fakes;
using ChatNetOps.Slack.WebApi;
using ChatNetOps.Slack.WebApi.Wire;
using ChatNetOps.Testing.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

/// <summary>The Web API client against the fake Slack API on 127.0.0.1.</summary>
public sealed class SlackApiClientTests : IAsyncLifetime
{
    private FakeSlackApi _slack = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackApi.StartAsync();
        _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var client = NewClient(TimeProvider.System);
        Chat = new ChatApi(client);
        Users = new UsersApi(client);
        ResponseUrls = new ResponseUrlClient(client);
        Conversations = new ConversationsApi(client);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _slack.DisposeAsync();
    }

    private SlackApiClient NewClient(TimeProvider time) =>
        new(
            _services.GetRequiredService<IHttpClientFactory>(),
            Options.Create(new SlackOptions { BotToken = FakeSlackApi.BotToken, SigningSecret = "s", ApiBaseUrl = _slack.ApiBaseUrl }),
            new SlackRateLimiter(time),
            time,
            NullLogger<SlackApiClient>.Instance);

    private ChatApi Chat { get; set; } = null!;

    private UsersApi Users { get; set; } = null!;

    private ConversationsApi Conversations { get; set; } = null!;

    private ResponseUrlClient ResponseUrls { get; set; } = null!;

    [Fact]
    public async Task PostMessage_SendsBearerTokenAndJson_ReturnsTheTs()
    {
        var result = await Chat.PostMessageAsync("C1", BlockKitRenderer.RenderText("hello"), null, CancellationToken.None);

        Assert.True(result.IsOk);
        Assert.NotNull(result.Value!.Ts);
        var call = Assert.Single(_slack.CallsTo("chat.postMessage"));
        Assert.Equal("Bearer " + FakeSlackApi.BotToken, call.Authorization);
        Assert.Equal("hello", call.Str("text"));
        Assert.Equal("section", (string?)call.Blocks![0]!["type"]);
    }

    [Fact]
    public async Task RateLimited_HonoursRetryAfter_ThenSucceeds()
    {
        _slack.ScriptRateLimited("chat.postMessage", retryAfterSeconds: 1);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await Chat.PostMessageAsync("C1", BlockKitRenderer.RenderText("x"), null, CancellationToken.None);

        Assert.True(result.IsOk);
        Assert.Equal(2, _slack.CallsTo("chat.postMessage").Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task RateLimited_TheRetryWaitsRetryAfterInTheRateLimiter_WithoutHoldingItsWorkerSlot()
    {
        var time = new TimerWatchingTimeProvider();
        var users = new UsersApi(NewClient(time));
        using var slots = new WorkerSlots(1);
        _slack.Users["U9"] = ("nine", "nine@contoso.com");
        _slack.ScriptRateLimited("users.info", retryAfterSeconds: 30);

        SlackApiResult<UserInfoResponse>? result = null;
        var lookup = WorkerSlots.RunAsync(await slots.TakeAsync(CancellationToken.None), async () => result = await users.InfoAsync("U9", CancellationToken.None));
        await time.WaitForTimerAsync();

        // The retry waits for Slack's Retry-After with its worker slot given back: other work may run meanwhile.
        Assert.Equal(1, slots.Free);
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(lookup.IsCompleted);
        Assert.Single(_slack.CallsTo("users.info"));

        time.Advance(TimeSpan.FromSeconds(1));
        await lookup.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("nine@contoso.com", result!.Value!.User!.Profile!.Email);
        Assert.Equal(2, _slack.CallsTo("users.info").Count);
        Assert.Equal(1, slots.Free);
    }

    [Fact]
    public async Task ResponseUrlRateLimited_IsPostedAgainAfterRetryAfter()
    {
        var time = new TimerWatchingTimeProvider();
        var responseUrls = new ResponseUrlClient(NewClient(time));
        _slack.Script("response_url", async http =>
        {
            http.Response.StatusCode = 429;
            http.Response.Headers.RetryAfter = "5";
            await http.Response.WriteAsync("rate_limited");
        });

        var posting = responseUrls.SendAsync(_slack.ResponseUrl("h429"), new ResponseUrlMessage("x", BlockKitRenderer.RenderText("x").Blocks), CancellationToken.None);
        await time.WaitForTimerAsync();
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(posting.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await posting.WaitAsync(TimeSpan.FromSeconds(10))).IsOk);
        Assert.Equal(2, _slack.CallsTo("response_url").Count);
    }

    [Fact]
    public async Task ServerError_IsNotRetried()
    {
        _slack.Script("chat.update", http =>
        {
            http.Response.StatusCode = 503;
            return Task.CompletedTask;
        });

        var result = await Chat.UpdateAsync("C1", "1.000001", BlockKitRenderer.RenderText("x"), CancellationToken.None);

        Assert.Equal("http_503", result.Error);
        Assert.Single(_slack.CallsTo("chat.update"));
    }

    [Fact]
    public async Task RateLimitedEveryTime_GivesUpWithRatelimited()
    {
        for (var i = 0; i < SlackApiClient.MaxAttempts; i++)
        {
            _slack.ScriptRateLimited("chat.postEphemeral", retryAfterSeconds: 0);
        }

        var result = await Chat.PostEphemeralAsync("C1", "U1", BlockKitRenderer.RenderText("x"), null, CancellationToken.None);

        Assert.Equal("ratelimited", result.Error);
        Assert.Equal(SlackApiClient.MaxAttempts, _slack.CallsTo("chat.postEphemeral").Count);
    }

    [Fact]
    public async Task SlackError_IsSurfacedWithSlacksErrorCode()
    {
        var result = await Chat.UpdateAsync("C1", "1.000001", BlockKitRenderer.RenderText("x"), CancellationToken.None);

        Assert.False(result.IsOk);
        Assert.Equal("message_not_found", result.Error);
        Assert.Equal("chat.update", result.Method);
    }

    [Fact]
    public async Task UsersInfo_IsAFormPost_AndReadsTheEmail()
    {
        _slack.Users["U9"] = ("nine", "nine@contoso.com");

        var result = await Users.InfoAsync("U9", CancellationToken.None);

        Assert.Equal("nine@contoso.com", result.Value!.User!.Profile!.Email);
        Assert.Equal("U9", Assert.Single(_slack.CallsTo("users.info")).Form["user"]);
    }

    [Fact]
    public async Task ConversationsInfo_ReadsTheKind()
    {
        var result = await Conversations.InfoAsync("D42", CancellationToken.None);

        Assert.True(result.Value!.Channel!.IsIm);
    }

    [Fact]
    public async Task ResponseUrl_OnlySlackHostsOrTheConfiguredApiHost()
    {
        var ok = await ResponseUrls.SendAsync(_slack.ResponseUrl("h1"), new ResponseUrlMessage("x", BlockKitRenderer.RenderText("x").Blocks), CancellationToken.None);
        var refused = await ResponseUrls.SendAsync(new Uri("http://169.254.169.254/latest/meta-data"), new ResponseUrlMessage("x", []), CancellationToken.None);

        Assert.True(ok.IsOk);
        Assert.Equal("invalid_response_url", refused.Error);
        Assert.Single(_slack.CallsTo("response_url"));
    }
}
