namespace ChatNetOps.Teams.Tests.Connector;

using System.Net;
using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Teams.Activities;
using ChatNetOps.Teams.Connector;
using ChatNetOps.Teams.Hosting;
using ChatNetOps.Teams.Tests.Infrastructure;
using ChatNetOps.Testing.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

/// <summary>The Connector client against a fake Connector on 127.0.0.1: paths, tokens, retries, trust.</summary>
public sealed class ConnectorClientTests : IAsyncLifetime
{
    private readonly TempEndpointStore _store = new();
    private readonly List<ServiceProvider> _services = [];
    private FakeConnector _fake = null!;
    private ServiceUrlRegistry _registry = null!;
    private ConnectorClient _client = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeConnector.StartAsync();
        _registry = _store.NewRegistry();
        _client = NewClient(TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        foreach (var services in _services)
        {
            await services.DisposeAsync();
        }

        await _fake.DisposeAsync();
        _store.Dispose();
    }

    [Fact]
    public async Task ServiceUrlNeverSeenInAValidatedActivity_IsRefused()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _client.SendAsync(_fake.ServiceUrl, "a:1", new TeamsActivity { Type = "message", Text = "hi" }, CancellationToken.None));
        Assert.Contains("only serviceUrls that arrived in a validated activity", error.Message, StringComparison.Ordinal);
        Assert.Empty(_fake.Calls);
    }

    [Fact]
    public async Task Send_PostsToTheEscapedConversation_WithTheBotToken()
    {
        await _registry.RecordAsync(_fake.ServiceUrl.AbsoluteUri, null, "19:c@thread.tacv2;messageid=7", null, CancellationToken.None);
        var sent = await _client.SendAsync(_fake.ServiceUrl, "19:c@thread.tacv2;messageid=7", new TeamsActivity { Type = "message", Text = "hi" }, CancellationToken.None);

        var call = Assert.Single(_fake.Calls);
        Assert.Equal("POST", call.Method);
        Assert.Equal("/teams/v3/conversations/19:c@thread.tacv2;messageid=7/activities", call.Path);
        Assert.Equal("Bearer bot-token", call.Authorization);
        Assert.StartsWith("msg-", sent.Id, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_PutsTheWholeActivityWithItsId()
    {
        await _registry.RecordAsync(_fake.ServiceUrl.AbsoluteUri, null, "a:1", null, CancellationToken.None);
        await _client.UpdateAsync(_fake.ServiceUrl, "a:1", "msg-9", new TeamsActivity { Type = "message", Text = "new" }, CancellationToken.None);

        var call = Assert.Single(_fake.Calls);
        Assert.Equal("PUT", call.Method);
        Assert.EndsWith("/v3/conversations/a:1/activities/msg-9", call.Path, StringComparison.Ordinal);
        Assert.Equal("msg-9", call.Body!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task TooManyRequests_IsRetriedAfterRetryAfter()
    {
        await _registry.RecordAsync(_fake.ServiceUrl.AbsoluteUri, null, "a:1", null, CancellationToken.None);
        _fake.Faults.Enqueue((429, 1));
        var sent = await _client.SendAsync(_fake.ServiceUrl, "a:1", new TeamsActivity { Type = "message", Text = "hi" }, CancellationToken.None);

        Assert.Equal(2, _fake.Calls.Count);
        Assert.NotNull(sent.Id);
    }

    [Fact]
    public async Task TooManyRequests_WaitsTheWholeRetryAfter_OnTheHostsClock()
    {
        var time = new TimerWatchingTimeProvider();
        var client = NewClient(time);
        await _registry.RecordAsync(_fake.ServiceUrl.AbsoluteUri, null, "a:1", null, CancellationToken.None);
        _fake.Faults.Enqueue((429, 4));

        var sending = client.SendAsync(_fake.ServiceUrl, "a:1", new TeamsActivity { Type = "message", Text = "hi" }, CancellationToken.None);
        await time.WaitForTimerAsync();
        time.Advance(TimeSpan.FromSeconds(3));

        Assert.False(sending.IsCompleted);
        Assert.Single(_fake.Calls);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull((await sending.WaitAsync(TimeSpan.FromSeconds(10))).Id);
        Assert.Equal(2, _fake.Calls.Count);
    }

    [Fact]
    public async Task RetryAfterLongerThanTheMaximum_IsNotWaitedFor()
    {
        await _registry.RecordAsync(_fake.ServiceUrl.AbsoluteUri, null, "a:1", null, CancellationToken.None);
        _fake.Faults.Enqueue((503, 6));

        var error = await Assert.ThrowsAsync<ConnectorException>(() => _client.SendAsync(_fake.ServiceUrl, "a:1", new TeamsActivity { Type = "message" }, CancellationToken.None));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.Single(_fake.Calls);
    }

    [Fact]
    public async Task InternalServerError_IsNotRetried()
    {
        await _registry.RecordAsync(_fake.ServiceUrl.AbsoluteUri, null, "a:1", null, CancellationToken.None);
        _fake.Faults.Enqueue((500, 0));

        var error = await Assert.ThrowsAsync<ConnectorException>(() => _client.SendAsync(_fake.ServiceUrl, "a:1", new TeamsActivity { Type = "message" }, CancellationToken.None));

        Assert.Equal(HttpStatusCode.InternalServerError, error.Status);
        Assert.Single(_fake.Calls);
    }

    [Fact]
    public async Task Forbidden_IsNotRetried_AndKeepsTheConnectorErrorCode()
    {
        await _registry.RecordAsync(_fake.ServiceUrl.AbsoluteUri, null, "a:1", null, CancellationToken.None);
        _fake.Faults.Enqueue((403, null));
        var error = await Assert.ThrowsAsync<ConnectorException>(() => _client.SendAsync(_fake.ServiceUrl, "a:1", new TeamsActivity { Type = "message" }, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.Equal("Throttled", error.Code);
        Assert.Single(_fake.Calls);
    }

    [Fact]
    public async Task ServiceUnavailable_GivesUpAfterMaxAttempts()
    {
        await _registry.RecordAsync(_fake.ServiceUrl.AbsoluteUri, null, "a:1", null, CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            _fake.Faults.Enqueue((503, 0));
        }

        var error = await Assert.ThrowsAsync<ConnectorException>(() => _client.SendAsync(_fake.ServiceUrl, "a:1", new TeamsActivity { Type = "message" }, CancellationToken.None));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.Equal(3, _fake.Calls.Count);
    }

    [Fact]
    public async Task ProactivePostIntoAChannel_CreatesAThreadWithTheChannelInChannelData()
    {
        await _registry.RecordAsync(_fake.ServiceUrl.AbsoluteUri, null, "19:inc@thread.tacv2", null, CancellationToken.None);
        var messenger = new TeamsMessenger(_client, new TeamsMemberDirectory(_client, Options.Create(new TeamsOptions()), TimeProvider.System, NullLogger<TeamsMemberDirectory>.Instance), null!, NullLogger<TeamsMessenger>.Instance);
        var proactive = new TeamsProactiveMessenger(_client, _registry, messenger, Options.Create(new TeamsOptions { MicrosoftAppId = TeamsBotFactory.AppId }));

        var created = await proactive.PostToChannelAsync(_fake.ServiceUrl, "19:inc@thread.tacv2", TeamsBotFactory.TenantId, new OutboundMessage("Incident INC-1001 opened", new JsonObject { ["type"] = "AdaptiveCard" }), CancellationToken.None);

        var call = Assert.Single(_fake.Calls);
        Assert.EndsWith("/v3/conversations", call.Path, StringComparison.Ordinal);
        Assert.Equal("19:inc@thread.tacv2", call.Body!["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.True(call.Body["isGroup"]!.GetValue<bool>());
        Assert.Equal("28:" + TeamsBotFactory.AppId, call.Body["bot"]!["id"]!.GetValue<string>());
        Assert.Equal("AdaptiveCard", call.Body["activity"]!["attachments"]![0]!["content"]!["type"]!.GetValue<string>());
        Assert.NotNull(created.Id);
    }

    [Fact]
    public async Task MemberLookup_ReturnsTheEmail_AndIsCached()
    {
        await _registry.RecordAsync(_fake.ServiceUrl.AbsoluteUri, null, "a:1", null, CancellationToken.None);
        _fake.Members["29:x"] = new JsonObject { ["id"] = "29:x", ["email"] = "x@contoso.com", ["aadObjectId"] = "0000" };
        var directory = new TeamsMemberDirectory(_client, Options.Create(new TeamsOptions()), TimeProvider.System, NullLogger<TeamsMemberDirectory>.Instance);

        Assert.Equal("x@contoso.com", await directory.FindEmailAsync(_fake.ServiceUrl, "a:1", "29:x", CancellationToken.None));
        Assert.Equal("x@contoso.com", await directory.FindEmailAsync(_fake.ServiceUrl, "a:1", "29:x", CancellationToken.None));
        Assert.Single(_fake.Calls);
    }

    [Fact]
    public async Task MemberLookupForAnotherAadUser_GivesNoEmail()
    {
        await _registry.RecordAsync(_fake.ServiceUrl.AbsoluteUri, null, "a:1", null, CancellationToken.None);
        _fake.Members["29:y"] = new JsonObject { ["id"] = "29:y", ["email"] = "carol@contoso.com", ["aadObjectId"] = "8a2e6b41-0c9d-4f37-b5e2-71d94c3a6f08" };
        var directory = new TeamsMemberDirectory(_client, Options.Create(new TeamsOptions()), TimeProvider.System, NullLogger<TeamsMemberDirectory>.Instance);

        Assert.Null(await directory.FindEmailAsync(_fake.ServiceUrl, "a:1", "29:y", "00000000-0000-4000-8000-000000000009", CancellationToken.None));
        Assert.Equal("carol@contoso.com", await directory.FindEmailAsync(_fake.ServiceUrl, "a:1", "29:y", "8A2E6B41-0C9D-4F37-B5E2-71D94C3A6F08", CancellationToken.None));
    }

    private sealed class StaticToken(string token) : IConnectorTokenProvider
    {
        public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(token);
    }

    /// <summary>A Connector client on the Connector's HttpClient as the host registers it (resilience handler included).</summary>
    private ConnectorClient NewClient(TimeProvider time)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(time)
            .AddSingleton(Options.Create(new TeamsOptions { ConnectorMaxAttempts = 3, ConnectorMaxRetryDelay = TimeSpan.FromSeconds(5) }));
        services.AddHttpClient(ConnectorClient.HttpClientName).AddConnectorResilience();
        var provider = services.BuildServiceProvider();
        _services.Add(provider);
        return new ConnectorClient(provider.GetRequiredService<IHttpClientFactory>(), new StaticToken("bot-token"), _registry, new ConversationRateLimiter(time));
    }
}
