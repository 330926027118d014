namespace ChatNetOps.Cli.Tests.Chat;

using System.Text.Json.Nodes;
using ChatNetOps.Cli.ConsoleChat;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

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

    private static OutboundMessage CardWithButton(string title) => new("card", new JsonObject
    {
        ["type"] = "AdaptiveCard",
        ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = title }),
        ["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.Execute", ["title"] = title, ["verb"] = "x" }),
    });
}
