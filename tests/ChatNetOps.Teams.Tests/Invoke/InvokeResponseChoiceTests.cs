namespace ChatNetOps.Teams.Tests.Invoke;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Teams.Invoke;

public sealed class InvokeResponseChoiceTests
{
    private static readonly CardAction Press = new("approve", [], "card-1");

    [Fact]
    public void ReplacedCardOfThePressedMessage_IsTheAnswer()
    {
        var replaced = new OutboundMessage("approved", new JsonObject { ["type"] = "AdaptiveCard" }) { ReplaceMessageId = "card-1" };
        var (response, answered) = CardActionInvokeHandler.Choose([replaced, OutboundMessage.Plain("Sam approved R-1")], Press);
        Assert.Same(replaced, response);
        Assert.Same(replaced, answered);
    }

    [Fact]
    public void DeniedCard_IsAnsweredAsAMessage_SoTheApprovalCardStays()
    {
        var denied = new OutboundMessage("Refused: a second engineer must approve it.", new JsonObject()) { CardName = CardNames.Denied, Ephemeral = true };
        var (response, _) = CardActionInvokeHandler.Choose([denied], Press);
        Assert.Null(response.Card);
        Assert.Equal("Refused: a second engineer must approve it.", response.Text);
    }

    [Fact]
    public void UserSpecificCard_WinsOverEverythingElse()
    {
        var personal = new OutboundMessage("your view", new JsonObject()) { Ephemeral = true, CardName = CardNames.ApprovalRequest };
        var replaced = new OutboundMessage("approved", new JsonObject()) { ReplaceMessageId = "card-1" };
        Assert.Same(personal, CardActionInvokeHandler.Choose([replaced, personal], Press).Response);
    }

    [Fact]
    public void NothingToShow_AnswersDone()
    {
        Assert.Equal("Done.", CardActionInvokeHandler.Choose([], Press).Response.Text);
    }
}
