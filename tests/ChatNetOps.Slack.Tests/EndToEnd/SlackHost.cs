namespace ChatNetOps.Slack.Tests.EndToEnd;

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Slack.Tests.Fakes;

/// <summary>One bot host with its fake Slack API, and helpers to act as Slack users.</summary>
public sealed class SlackHost : IAsyncDisposable
{
    public const string Alice = "U0ALICE0001";
    public const string Bob = "U0BOB000002";
    public const string Carol = "U0CAROL0003";
    public const string Erin = "U0ERIN00005";
    public const string IncidentChannel = "C0INC1001";

    private readonly bool _ownsSlack;
    private int _actions;

    private SlackHost(FakeSlackApi slack, SlackBotFactory factory, HttpClient client, bool ownsSlack)
    {
        Slack = slack;
        Factory = factory;
        Client = client;
        _ownsSlack = ownsSlack;
    }

    public FakeSlackApi Slack { get; }

    public SlackBotFactory Factory { get; }

    public HttpClient Client { get; }

    public static async Task<SlackHost> StartAsync(Action<Dictionary<string, string?>>? configure = null) =>
        await StartAsync(configure, null);

    /// <summary>
    /// A host whose services are changed before it starts (e.g. <see cref="ChatStateMock.Install"/>), with its own
    /// fake Slack.
    /// </summary>
    public static async Task<SlackHost> StartAsync(Action<Dictionary<string, string?>>? configure, Action<SlackBotFactory>? prepare)
    {
        var slack = await FakeSlackApi.StartAsync();
        var factory = new SlackBotFactory(slack);
        configure?.Invoke(factory.Settings);
        prepare?.Invoke(factory);
        return new SlackHost(slack, factory, factory.CreateClient(), ownsSlack: true);
    }

    /// <summary>
    /// A second replica of <paramref name="first"/>: another bot host (its own process state) on the same SQLite file,
    /// answering the same fake Slack. Dispose it before <paramref name="first"/>, which owns the file and the fake.
    /// </summary>
    public static SlackHost StartReplica(SlackHost first)
    {
        ArgumentNullException.ThrowIfNull(first);
        var factory = new SlackBotFactory(first.Slack);
        factory.Settings["Storage:Sqlite:Path"] = first.Factory.DatabasePath;
        return new SlackHost(first.Slack, factory, factory.CreateClient(), ownsSlack: false);
    }

    /// <summary>Sends a signed slash command and returns the immediate answer's text.</summary>
    public async Task<(System.Net.HttpStatusCode Status, string? Text)> CommandAsync(string user, string channel, string text)
    {
        using var request = SignedRequests.Command(user, channel, text, Slack.ResponseUrl("cmd-" + Guid.NewGuid().ToString("N")));
        using var response = await Client.SendAsync(request);
        var body = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
        return (response.StatusCode, (string?)body?["text"]);
    }

    /// <summary>Presses a button of a message the fake recorded, as <paramref name="user"/>.</summary>
    public async Task<System.Net.HttpStatusCode> PressAsync(string user, SlackCall message, string actionId, string? actionTs = null)
    {
        using var request = SignedRequests.Interaction(PressPayload(user, message, actionId, actionTs));
        using var response = await Client.SendAsync(request);
        return response.StatusCode;
    }

    public JsonObject PressPayload(string user, SlackCall message, string actionId, string? actionTs = null)
    {
        var button = Buttons(message).First(b => (string?)b["action_id"] == actionId);
        var channel = message.Str("channel")!;
        var ts = message.Ts!;
        actionTs ??= $"1700000100.{Interlocked.Increment(ref _actions):D6}";
        return SignedRequests.ButtonPayload(user, channel, ts, actionId, (string?)button["value"], Slack.ResponseUrl("act-" + actionTs), actionTs);
    }

    public static IEnumerable<JsonObject> Buttons(SlackCall message) =>
        (message.Blocks ?? []).OfType<JsonObject>()
            .SelectMany(b => (b["elements"] as JsonArray ?? []).OfType<JsonObject>().Concat(b["accessory"] is JsonObject a ? [a] : []))
            .Where(e => (string?)e["type"] == "button");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        if (_ownsSlack)
        {
            await Slack.DisposeAsync();
        }
    }

    /// <summary>
    /// An Events API mention delivered to <paramref name="first"/>, then Slack's retry of it (same event_id,
    /// X-Slack-Retry-Num) to <paramref name="retryTo"/> (the same host, or another replica): both get 200, and the
    /// mention is answered exactly once. A later event on the retry's host is the barrier: the retry was dropped before
    /// its 200, so nothing of it can still be on the way when the answers are counted.
    /// </summary>
    public static async Task AssertEventRetryProcessedOnceAsync(SlackHost first, SlackHost retryTo, string eventId, string barrierEventId)
    {
        var wait = TimeSpan.FromSeconds(30);
        var mention = SignedRequests.MessageEvent(eventId, "app_mention", Alice, IncidentChannel, "<@U0BOT00000> runbooks");

        using (var delivery = await first.Client.SendAsync(SignedRequests.Event(mention)))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, delivery.StatusCode);
        }

        using (var retry = await retryTo.Client.SendAsync(SignedRequests.Event(mention, retryNum: 1)))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, retry.StatusCode);
        }

        using (await retryTo.Client.SendAsync(SignedRequests.Event(SignedRequests.MessageEvent(barrierEventId, "app_mention", Alice, IncidentChannel, "<@U0BOT00000> help"))))
        {
        }

        await first.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.StartsWith("Runbooks:", StringComparison.Ordinal), wait);
        await first.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.StartsWith("ChatNetOps help", StringComparison.Ordinal), wait);
        Assert.Single(first.Slack.CallsTo("chat.postMessage"), c => c.Str("text")!.StartsWith("Runbooks:", StringComparison.Ordinal));
    }
}
