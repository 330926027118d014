namespace ChatNetOps.Teams.Tests.Invoke;

using System.Net;
using System.Text.Json.Nodes;
using ChatNetOps.Teams.Tests.Auth;
using ChatNetOps.Teams.Tests.Infrastructure;

/// <summary>
/// A state-changing runbook requested in the incident channel (bot @mentioned, inside a thread), refused for the
/// requester, approved by a second engineer with Action.Execute, and its card updated in place for everyone.
/// </summary>
public sealed class ChannelApprovalFlowTests(AuthFixture fixture) : IClassFixture<AuthFixture>
{
    [Fact]
    public async Task StateChangingRequest_ApprovedBySecondEngineer_UpdatesTheCardInPlace()
    {
        var connector = fixture.Connector;
        var thread = "9" + Random.Shared.Next(100000, 999999);
        var request = Activities.ChannelMessage(connector.ServiceUrl, "bounce-interface device=acc-sw-01 interface=Gi1/0/3", Activities.Pat, thread);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(request)).StatusCode);

        var threadPath = $"v3/conversations/{Activities.ChannelId};messageid={thread}/activities";
        var approvalPost = await connector.WaitForAsync(c => c.Method == "POST" && c.Path.EndsWith(threadPath, StringComparison.Ordinal) && c.CardText.Contains("Approval needed", StringComparison.Ordinal));
        var requestId = FindRequestId(approvalPost.Card!);
        var cardMessageId = connector.IdOf(approvalPost);

        // The requester cannot approve their own change: a message, and the approval card stays as it is.
        var selfApproval = await InvokeAsync(Activities.Execute(request, "approve", new JsonObject { ["requestId"] = requestId }, cardMessageId, Activities.Pat));
        Assert.Equal(200, selfApproval["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.activity.message", selfApproval["type"]!.GetValue<string>());
        Assert.DoesNotContain(connector.Calls, c => c.Method == "PUT" && c.Path.EndsWith("/" + cardMessageId, StringComparison.Ordinal));

        // A change-approver approves: the card is answered to them and PUT for everyone.
        var approval = await InvokeAsync(Activities.Execute(request, "approve", new JsonObject { ["requestId"] = requestId }, cardMessageId, Activities.Sam));
        Assert.Equal("application/vnd.microsoft.card.adaptive", approval["type"]!.GetValue<string>());
        Assert.Contains("Sam Second", approval["value"]!.ToJsonString(), StringComparison.Ordinal);
        var put = await connector.WaitForAsync(c => c.Method == "PUT" && c.Path.EndsWith("/" + cardMessageId, StringComparison.Ordinal));
        Assert.Contains(requestId, put.CardText, StringComparison.Ordinal);

        // The lab runs it; the result card is posted in the thread.
        await connector.WaitForAsync(c => c.Method == "POST" && c.Path.EndsWith(threadPath, StringComparison.Ordinal) && c.CardText.Contains("acc-sw-01", StringComparison.Ordinal) && c.CardText.Contains("Succeeded", StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(30));
    }

    private static string FindRequestId(JsonObject card) =>
        card["actions"]!.AsArray().Select(a => a?["data"]?["requestId"]?.GetValue<string>()).First(id => id is not null)!;

    private Task<HttpResponseMessage> PostAsync(JsonObject activity) => fixture.Bot.PostSignedAsync(activity, fixture.TeamsKey, fixture.Connector.ServiceUrl);

    private async Task<JsonObject> InvokeAsync(JsonObject activity)
    {
        var response = await PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
