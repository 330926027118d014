namespace ChatNetOps.Slack.Tests.WebApi;

using ChatNetOps.Slack.BlockKit;
using ChatNetOps.Slack.Tests.Fakes;
using ChatNetOps.Slack.WebApi;
using ChatNetOps.Slack.WebApi.Wire;
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
        var options = Options.Create(new SlackOptions { BotToken = FakeSlackApi.BotToken, SigningSecret = "s", ApiBaseUrl = _slack.ApiBaseUrl });
        _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var client = new SlackApiClient(_services.GetRequiredService<IHttpClientFactory>(), options, new SlackRateLimiter(TimeProvider.System), TimeProvider.System, NullLogger<SlackApiClient>.Instance);
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
