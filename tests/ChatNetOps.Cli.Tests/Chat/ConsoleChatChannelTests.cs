namespace ChatNetOps.Cli.Tests.Chat;

using System.Text.Json.Nodes;
using ChatNetOps.Cli.ConsoleChat;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

public sealed class ConsoleChatChannelTests
{
    private static readonly ConversationRef Console = new(ChatPlatform.Console, "console", ChannelKind.Console);

    [Fact]
    public async Task UpdateOfAnOlderCard_DoesNotTakeTheButtonsFromTheNewestCard()
    {
        using var output = new StringWriter();
        var channel = new ConsoleChatChannel(output);
        var older = await channel.SendAsync(Console, CardWithButton("Show JSON"), CancellationToken.None);
        var newest = await channel.SendAsync(Console, CardWithButton("Request…"), CancellationToken.None);

        await channel.UpdateAsync(Console, older, CardWithButton("Show JSON (finished)"), CancellationToken.None);

        Assert.Equal(newest, channel.LastCard!.Value.MessageId);
    }

    [Fact]
    public async Task UpdateOfACardFromAnEarlierSession_IsPrintedAsSuch_AndNeverTakesOverThisSessionsMessageOfTheSameNumber()
    {
        using var earlierOutput = new StringWriter();
        var earlier = new ConsoleChatChannel(earlierOutput);
        var old = await earlier.SendAsync(Console, CardWithButton("Approve (earlier session)"), CancellationToken.None);
        using var output = new StringWriter();
        var channel = new ConsoleChatChannel(output);
        var mine = await channel.SendAsync(Console, CardWithButton("Approve (this session)"), CancellationToken.None);

        await channel.UpdateAsync(Console, old, CardWithButton("Expired (earlier session)"), CancellationToken.None);

        Assert.NotEqual(old, mine);
        Assert.Equal("m1", channel.Shown(mine));
        Assert.Null(channel.Shown(old));
        Assert.Equal(mine, channel.LastCard!.Value.MessageId);
        Assert.Equal("Approve (this session)", channel.CardOf(channel.IdOf("m1"))!.Buttons[0].Title);
        Assert.Contains("--- a card from an earlier console session, updated ---", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("[m1] updated", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PressByNumber_WhenACardArrivedWhileTheUserTyped_PressesNothingAndNamesBothCards()
    {
        await using var h = LifecycleHarness.Create();
        using var output = new StringWriter();
        var channel = new ConsoleChatChannel(output);
        await channel.SendAsync(Console, CardWithLink("Approve", "https://example.invalid/approve"), CancellationToken.None);
        var input = new ArrivingWhileTyping(channel, ["/1", "/1", "/m1.1"]);
        var session = new ConsoleSession(h.Dialog, h.Catalog, h.Services.GetRequiredService<IRequestStore>(), channel, input, interactive: false, TimeProvider.System);

        await session.RunAsync(h.Catalog.Policy.FindMemberById("carol")!, TimeSpan.Zero, CancellationToken.None);

        var lines = output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Contains("A card arrived while you typed ([m2]); nothing was pressed. Press the card you mean by its id: /m1.1 or /m2.1.", lines);
        Assert.Equal(["Open https://example.invalid/late-result", "Open https://example.invalid/approve"], lines.Where(l => l.StartsWith("Open ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ACardArrivingAtThePrompt_IsFollowedByThePromptAgain_AndABareNumberTypedAfterThatPressesIt()
    {
        await using var h = LifecycleHarness.Create();
        using var output = new StringWriter();
        var channel = new ConsoleChatChannel(output, time: h.Time);
        var status = await channel.SendAsync(Console, CardWithLink("Cancel", "https://example.invalid/cancel"), CancellationToken.None);
        var input = new ArrivingAtThePrompt(channel, status, h.Time, typedAfter: ConsoleSession.RepromptSettle, ["/1"]);
        var session = new ConsoleSession(h.Dialog, h.Catalog, h.Services.GetRequiredService<IRequestStore>(), channel, input, interactive: true, h.Time);

        await session.RunAsync(h.Catalog.Policy.FindMemberById("carol")!, TimeSpan.Zero, CancellationToken.None);

        var lines = Lines(output);
        var result = Array.IndexOf(lines, "--- [m2] ---");
        Assert.True(result > 0, string.Join('\n', lines));
        var reprompt = Array.IndexOf(lines, "(/1 … now press [m2]'s buttons)");
        Assert.True(reprompt > result, string.Join('\n', lines));
        Assert.Equal("carol> ", lines[reprompt + 1]);
        Assert.Equal(["Open https://example.invalid/late-result"], lines.Where(l => l.StartsWith("Open ", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains("arrived while you typed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ABareNumberFinishedAsTheCardArrives_PressesNothing_AndSuggestsOnlyCardsThatStillHaveTheButton()
    {
        await using var h = LifecycleHarness.Create();
        using var output = new StringWriter();
        var channel = new ConsoleChatChannel(output, time: h.Time);
        var status = await channel.SendAsync(Console, CardWithLink("Cancel", "https://example.invalid/cancel"), CancellationToken.None);
        var input = new ArrivingAtThePrompt(channel, status, h.Time, typedAfter: ConsoleSession.RepromptSettle - TimeSpan.FromMilliseconds(100), ["/1", "/1"]);
        var session = new ConsoleSession(h.Dialog, h.Catalog, h.Services.GetRequiredService<IRequestStore>(), channel, input, interactive: true, h.Time);

        await session.RunAsync(h.Catalog.Policy.FindMemberById("carol")!, TimeSpan.Zero, CancellationToken.None);

        // m1 (the status card) finished and has no buttons any more: it is not suggested. The second /1, typed at a
        // prompt that showed m2 already, presses m2.
        var lines = Lines(output);
        Assert.Contains("A card arrived while you typed ([m2]); nothing was pressed. Press it by its id: /m2.1.", lines);
        Assert.Equal(["Open https://example.invalid/late-result"], lines.Where(l => l.StartsWith("Open ", StringComparison.Ordinal)));
    }

    private static string[] Lines(StringWriter output) => output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    /// <summary>
    /// Input for an interactive session: while the user is at the first prompt the status card <paramref name="status"/>
    /// finishes (loses its button) and the late result card arrives; the first line is finished <paramref name="typedAfter"/> later.
    /// </summary>
    private sealed class ArrivingAtThePrompt(ConsoleChatChannel channel, string status, Microsoft.Extensions.Time.Testing.FakeTimeProvider time, TimeSpan typedAfter, IReadOnlyList<string> lines) : TextReader
    {
        private int _next;

        public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            if (_next == 0)
            {
                await channel.UpdateAsync(Console, status, new OutboundMessage("card", new JsonObject { ["type"] = "AdaptiveCard", ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = "Succeeded" }) }), cancellationToken);
                await channel.SendAsync(Console, CardWithLink("Late result", "https://example.invalid/late-result"), cancellationToken);
                time.Advance(typedAfter);
            }

            return _next < lines.Count ? lines[_next++] : null;
        }
    }

    private static OutboundMessage CardWithLink(string title, string url) => new("card", new JsonObject
    {
        ["type"] = "AdaptiveCard",
        ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = title }),
        ["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = title, ["url"] = url }),
    });

    /// <summary>Input whose first line is "typed" while a late result card is posted (after the prompt showed m1).</summary>
    private sealed class ArrivingWhileTyping(ConsoleChatChannel channel, IReadOnlyList<string> lines) : TextReader
    {
        private int _next;

        public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            if (_next == 0)
            {
                await channel.SendAsync(Console, CardWithLink("Late result", "https://example.invalid/late-result"), cancellationToken);
            }

            return _next < lines.Count ? lines[_next++] : null;
        }
    }

    private static OutboundMessage CardWithButton(string title) => new("card", new JsonObject
    {
        ["type"] = "AdaptiveCard",
        ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = title }),
        ["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.Execute", ["title"] = title, ["verb"] = "x" }),
    });
}
