namespace ChatNetOps.Teams.Tests.Connector;

using System.Net;
using ChatNetOps.Teams.Tests.Infrastructure;
using ChatNetOps.Testing.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// The in-process worker finishes a run while the Connector has not yet answered the post of the request card (a slow
/// or throttled Teams service): the result waits for the card, so the conversation shows the request, then its result.
/// </summary>
public sealed class CardOrderTests : IAsyncLifetime
{
    /// <summary>The notifier's "news of a request waits for its card" (ChatNetOps.Conversation Log.WaitingForCard).</summary>
    private const int WaitingForCard = 3110;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private OpenIdTestServer _openId = null!;
    private FakeConnector _connector = null!;
    private TestKey _key = null!;

    public async Task InitializeAsync()
    {
        _openId = await OpenIdTestServer.StartAsync();
        _connector = await FakeConnector.StartAsync();
        _key = _openId.AddKey("key-teams", true, "msteams");
    }

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        await _openId.DisposeAsync();
    }

    [Fact]
    public async Task RunFinishedBeforeTheRequestCardIsPosted_TheResultWaitsForTheCard_AndTheCardShowsTheOutcome()
    {
        var logs = new LogEventSignals();
        var activity = Activities.PersonalMessage(_connector.ServiceUrl, "verify-ospf device=dist-sw-01");
        var conversation = activity["conversation"]!["id"]!.GetValue<string>();
        var activitiesPath = $"v3/conversations/{conversation}/activities";
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connector.Hold = ((method, path) => method == "POST" && path.EndsWith(activitiesPath, StringComparison.Ordinal), release);
        await using var bot = TeamsBotFactory.Authenticated(_openId);
        bot.Settings["Worker:Embedded"] = "true";
        bot.ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs);

        var answered = bot.PostSignedAsync(activity, _key, _connector.ServiceUrl);
        var card = await _connector.WaitForAsync(c => c.Method == "POST" && c.Path.EndsWith(activitiesPath, StringComparison.Ordinal) && c.CardText.Contains("Queued", StringComparison.Ordinal), Wait);

        // The worker finishes and the notifier hears of it while the card's post is unanswered: it must wait, not post.
        var resultPosted = _connector.WaitForAsync(c => c.Method == "POST" && c.CardText.Contains("Verify OSPF: Succeeded", StringComparison.Ordinal), Wait);
        var waiting = logs.WaitForAsync(WaitingForCard, "R-", Wait);
        Assert.Same(waiting, await Task.WhenAny(resultPosted, waiting));
        await waiting;

        _connector.Hold = null;
        release.TrySetResult();
        Assert.Equal(HttpStatusCode.OK, (await answered).StatusCode);
        var result = await resultPosted;
        var cardId = _connector.IdOf(card);
        var updated = await _connector.WaitForAsync(c => c.Method == "PUT" && c.Path.EndsWith($"{activitiesPath}/{cardId}", StringComparison.Ordinal) && c.CardText.Contains("Succeeded", StringComparison.Ordinal), Wait);
        var calls = _connector.Calls.ToList();
        Assert.True(calls.IndexOf(card) < calls.IndexOf(updated) && calls.IndexOf(updated) < calls.IndexOf(result));
    }
}
