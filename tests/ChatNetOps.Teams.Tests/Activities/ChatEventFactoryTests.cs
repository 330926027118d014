namespace ChatNetOps.Teams.Tests.Activities;

using System.Text.Json.Nodes;
using ChatNetOps.Teams.Activities;

public sealed class ChatEventFactoryTests
{
    [Fact]
    public void ExecuteAction_WithoutTriggerOrActionId_IsRead()
    {
        var activity = new TeamsActivity
        {
            ReplyToId = "card-1",
            Value = JsonNode.Parse("""{"action":{"type":"Action.Execute","title":"Approve","verb":"approve","data":{"requestId":"R-1"}}}"""),
        };

        var action = ChatEventFactory.ExecuteAction(activity)!;

        Assert.Equal("approve", action.Verb);
        Assert.Equal("R-1", action.Data["requestId"]!.GetValue<string>());
        Assert.Equal("card-1", action.ReplyToMessageId);
        Assert.False(action.IsRefresh);
    }

    [Fact]
    public void ExecuteAction_AutomaticTrigger_IsARefresh()
    {
        var activity = new TeamsActivity { Value = JsonNode.Parse("""{"trigger":"automatic","action":{"type":"Action.Execute","verb":"refreshApproval","data":{"requestId":"R-1"}}}""") };
        Assert.True(ChatEventFactory.ExecuteAction(activity)!.IsRefresh);
    }

    [Fact]
    public void ExecuteAction_WithoutVerb_IsNull()
    {
        var activity = new TeamsActivity { Value = JsonNode.Parse("""{"action":{"type":"Action.Execute","data":{}}}""") };
        Assert.Null(ChatEventFactory.ExecuteAction(activity));
    }

    [Fact]
    public void SubmitAction_TakesTheVerbFromTheData()
    {
        var activity = new TeamsActivity { Value = JsonNode.Parse("""{"verb":"run","runbook":"verify-ospf","device":"dist-sw-01"}"""), ReplyToId = "card-2" };

        var action = ChatEventFactory.SubmitAction(activity)!;

        Assert.Equal("run", action.Verb);
        Assert.False(action.Data.ContainsKey("verb"));
        Assert.Equal("dist-sw-01", action.Data["device"]!.GetValue<string>());
    }
}
