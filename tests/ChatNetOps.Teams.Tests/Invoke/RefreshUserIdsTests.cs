namespace ChatNetOps.Teams.Tests.Invoke;

using System.Net;
using System.Text.Json.Nodes;
using ChatNetOps.Teams.Tests.Infrastructure;

/// <summary>
/// Teams matches <c>refresh.userIds</c> against user MRIs (<c>29:…</c>), while policy knows approvers by AAD object id:
/// the approval card carries the approvers' MRIs, learnt from their own activities or looked up in the members API,
/// and never an AAD object id Teams would not recognise; the same approvers are @mentioned in the card so Teams
/// notifies them.
/// </summary>
public sealed class RefreshUserIdsTests : IAsyncLifetime
{
    private OpenIdTestServer _openId = null!;
    private FakeConnector _connector = null!;
    private TestKey _key = null!;
    private TeamsBotFactory _bot = null!;

    public async Task InitializeAsync()
    {
        _openId = await OpenIdTestServer.StartAsync();
        _connector = await FakeConnector.StartAsync();
        _key = _openId.AddKey("key-teams", true, "msteams");
        _bot = TeamsBotFactory.Authenticated(_openId);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
        await _openId.DisposeAsync();
    }

    [Fact]
    public async Task ApprovalCard_CarriesTheMriLearntFromTheApproversOwnActivity_WithoutALookup()
    {
        // Sam (the change-approver) has talked to the bot before; the members API does not know Sam.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Activities.PersonalMessage(_connector.ServiceUrl, "help", Activities.Sam))).StatusCode);

        var (userIds, card) = await RequestApprovalAsync();

        Assert.Equal([Activities.Sam.Mri], userIds);
        AssertMentions(card, (Activities.Sam.Mri, Activities.Sam.Name));
        Assert.DoesNotContain(_connector.Calls, c => c.Method == "GET" && c.Path.EndsWith("/members/" + Activities.Sam.Aad, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ApprovalCard_CarriesTheMriFromTheMembersApi_ForAnApproverNotYetHeardFrom()
    {
        _connector.Members[Activities.Sam.Aad] = new JsonObject { ["id"] = Activities.Sam.Mri, ["name"] = Activities.Sam.Name, ["aadObjectId"] = Activities.Sam.Aad, ["email"] = "sam@contoso.com" };

        var (userIds, card) = await RequestApprovalAsync();

        Assert.Equal([Activities.Sam.Mri], userIds);
        AssertMentions(card, (Activities.Sam.Mri, Activities.Sam.Name));
        Assert.Contains(_connector.Calls, c => c.Method == "GET" && c.Path.EndsWith("/members/" + Activities.Sam.Aad, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ApprovalCard_LeavesOutAnApproverWithNoMri_RatherThanSendingTheirAadId()
    {
        var (userIds, card) = await RequestApprovalAsync();

        Assert.Empty(userIds);
        AssertMentions(card);
        Assert.Contains(_connector.Calls, c => c.Method == "GET" && c.Path.EndsWith("/members/" + Activities.Sam.Aad, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The card @mentions exactly these users: one "Approvers:" line with their tags, one entity per tag.</summary>
    private static void AssertMentions(JsonObject card, params (string Mri, string Name)[] expected)
    {
        var entities = card["msteams"]?["entities"]?.AsArray().Where(e => (string?)e?["type"] == "mention").ToList() ?? [];
        Assert.Equal(expected.Select(e => (e.Mri, e.Name, $"<at>{e.Name}</at>")), entities.Select(e => ((string)e!["mentioned"]!["id"]!, (string)e["mentioned"]!["name"]!, (string)e["text"]!)));
        var line = card["body"]!.AsArray().Select(b => (string?)b?["text"]).SingleOrDefault(t => t?.StartsWith("Approvers:", StringComparison.Ordinal) == true);
        if (expected.Length == 0)
        {
            Assert.Null(line);
            return;
        }

        Assert.Equal("Approvers: " + string.Join(", ", expected.Select(e => $"<at>{e.Name}</at>")), line);
    }

    private async Task<(string[] UserIds, JsonObject Card)> RequestApprovalAsync()
    {
        var thread = "7" + Random.Shared.Next(100000, 999999);
        var request = Activities.ChannelMessage(_connector.ServiceUrl, "bounce-interface device=acc-sw-01 interface=Gi1/0/4", Activities.Pat, thread);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(request)).StatusCode);
        var approval = await _connector.WaitForAsync(c => c.Method == "POST" && c.Path.Contains(";messageid=" + thread, StringComparison.Ordinal) && c.CardText.Contains("Approval needed", StringComparison.Ordinal));
        var ids = approval.Card!["refresh"]!["userIds"]!.AsArray().Select(i => i!.GetValue<string>()).ToArray();
        Assert.All(ids, id => Assert.StartsWith("29:", id, StringComparison.Ordinal));
        return (ids, approval.Card!);
    }

    private Task<HttpResponseMessage> PostAsync(JsonObject activity) => _bot.PostSignedAsync(activity, _key, _connector.ServiceUrl);
}
