namespace ChatNetOps.Teams.Tests.Auth;

using System.Net;
using System.Text.Json.Nodes;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Requests;
using ChatNetOps.Teams.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Activities signed by the real Bot Connector keys that are not Teams activities, or do not say who Teams vouches for,
/// or come from a tenant the bot does not serve. Web Chat and Direct Line are enabled on every Azure Bot resource, use
/// the same app id and signing keys, and let the client choose <c>from.id</c>.
/// </summary>
public sealed class HostileChannelTests(AuthFixture fixture) : IClassFixture<AuthFixture>
{
    private const string BobAad = "3f1c2a9e-7d4b-4e8a-9c61-2b5d8e0f4a13";
    private const string CarolAad = "8a2e6b41-0c9d-4f37-b5e2-71d94c3a6f08";
    private const string ForeignTenant = "0badc0de-0000-4000-8000-000000000001";

    private Uri ServiceUrl => fixture.Connector.ServiceUrl;

    [Fact]
    public async Task WebChatActivitiesWithEngineersIdsAsFromId_CannotOpenRequestAndApprove()
    {
        var incident = "INC-" + Random.Shared.Next(100000, 999999);
        var conversation = "webchat-" + Guid.NewGuid().ToString("N")[..8];

        var open = await PostAsync(WebChat(conversation, BobAad, $"incident open {incident} \"drill\" sev=2"), fixture.WebChatKey);
        var request = await PostAsync(WebChat(conversation, BobAad, $"bounce-interface device=acc-sw-01 interface=Gi1/0/3 incident={incident}"), fixture.WebChatKey);
        var requests = await Services.GetRequiredService<IRequestStore>().ListByIncidentAsync(incident, CancellationToken.None);
        foreach (var pending in requests)
        {
            await PostAsync(WebChat(conversation, CarolAad, $"approve {pending.Id}"), fixture.WebChatKey);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, open.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, request.StatusCode);
        Assert.Empty(requests);
        Assert.Null(await Services.GetRequiredService<IIncidentStore>().GetAsync(incident, CancellationToken.None));
        var denials = await DenialsAsync(conversation);
        Assert.Equal(2, denials.Count(e => e.Details["reason"] == "channel-not-msteams" && e.Details.GetValueOrDefault("channelId") == "webchat" && e.Actor.UserId == BobAad));
        Assert.All(denials, e => Assert.Equal("claimed, not verified", e.Details["identity"]));
    }

    [Fact]
    public async Task TeamsKeyWithAWebChatActivity_IsRefusedToo()
    {
        var conversation = "webchat-" + Guid.NewGuid().ToString("N")[..8];
        var response = await PostAsync(WebChat(conversation, BobAad, "help"), fixture.TeamsKey);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(await DenialsAsync(conversation), e => e.Details["reason"] == "channel-not-msteams");
    }

    [Fact]
    public async Task WebChatKeyWithAnActivityClaimingMsTeams_IsRefusedAsNotEndorsed()
    {
        var activity = Activities.PersonalMessage(ServiceUrl, "help");
        var conversation = Rename(activity);

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(activity, fixture.WebChatKey)).StatusCode);
        Assert.Contains(await DenialsAsync(conversation), e => e.Details["reason"] == "channel-not-endorsed");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("MSTEAMS")]
    [InlineData("emulator")]
    public async Task ChannelIdOtherThanMsTeams_Returns401(string? channelId)
    {
        var activity = Activities.PersonalMessage(ServiceUrl, "help");
        var conversation = Rename(activity);
        if (channelId is null)
        {
            activity.Remove("channelId");
        }
        else
        {
            activity["channelId"] = channelId;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(activity, fixture.TeamsKey)).StatusCode);
        Assert.Contains(await DenialsAsync(conversation), e => e.Details["reason"] is "channel-missing" or "channel-not-msteams");
    }

    [Fact]
    public async Task TeamsActivityWithoutAadObjectId_HasNoIdentity_EvenWhenFromIdIsAnEngineersAadId()
    {
        var incident = "INC-" + Random.Shared.Next(100000, 999999);
        var activity = Activities.ChannelMessage(ServiceUrl, $"incident open {incident} \"not me\"", ("29:spoofed", BobAad, "Bob Brandt"), threadMessageId: "77" + Random.Shared.Next(1000, 9999));
        activity["from"] = new JsonObject { ["id"] = BobAad, ["name"] = "Bob Brandt" };

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(activity, fixture.TeamsKey)).StatusCode);
        Assert.Null(await Services.GetRequiredService<IIncidentStore>().GetAsync(incident, CancellationToken.None));
        Assert.DoesNotContain(await AllEventsAsync(), e => e.Actor.UserId == BobAad && e.Kind != AuditKind.Denied);
    }

    [Fact]
    public async Task TenantNotAllowed_Returns401()
    {
        var activity = Activities.PersonalMessage(ServiceUrl, "help");
        var conversation = Rename(activity);
        activity["conversation"]!["tenantId"] = ForeignTenant;
        activity["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = ForeignTenant } };

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(activity, fixture.TeamsKey)).StatusCode);
        Assert.Contains(await DenialsAsync(conversation), e => e.Details["reason"] == "tenant-not-allowed");
    }

    [Fact]
    public async Task ConversationTenantDifferentFromChannelDataTenant_Returns401()
    {
        var activity = Activities.PersonalMessage(ServiceUrl, "help");
        var conversation = Rename(activity);
        activity["conversation"]!["tenantId"] = ForeignTenant;

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(activity, fixture.TeamsKey)).StatusCode);
        Assert.Contains(await DenialsAsync(conversation), e => e.Details["reason"] == "tenant-mismatch");
    }

    [Fact]
    public async Task NoTenantAtAll_Returns401()
    {
        var activity = Activities.PersonalMessage(ServiceUrl, "help");
        var conversation = Rename(activity);
        ((JsonObject)activity["conversation"]!).Remove("tenantId");
        activity.Remove("channelData");

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(activity, fixture.TeamsKey)).StatusCode);
        Assert.Contains(await DenialsAsync(conversation), e => e.Details["reason"] == "tenant-missing");
    }

    [Fact]
    public async Task TenantOnlyInChannelData_AndAllowed_IsAccepted()
    {
        var activity = Activities.PersonalMessage(ServiceUrl, "help");
        ((JsonObject)activity["conversation"]!).Remove("tenantId");

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(activity, fixture.TeamsKey)).StatusCode);
    }

    private IServiceProvider Services => fixture.Bot.Services;

    /// <summary>A Web Chat message as a Direct Line client can send it: it picks <c>from.id</c> and sends no aadObjectId.</summary>
    private JsonObject WebChat(string conversation, string fromId, string text) => new()
    {
        ["type"] = "message",
        ["id"] = "wc-" + Guid.NewGuid().ToString("N")[..8],
        ["channelId"] = "webchat",
        ["serviceUrl"] = ServiceUrl.AbsoluteUri,
        ["from"] = new JsonObject { ["id"] = fromId, ["name"] = "Engineer" },
        ["recipient"] = new JsonObject { ["id"] = Activities.BotId, ["name"] = "ChatNetOps" },
        ["conversation"] = new JsonObject { ["id"] = conversation, ["conversationType"] = "groupChat", ["isGroup"] = true, ["tenantId"] = TeamsBotFactory.TenantId },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TeamsBotFactory.TenantId } },
        ["text"] = text,
    };

    /// <summary>Gives the activity a conversation id of its own, so its denial can be found among the fixture's.</summary>
    private static string Rename(JsonObject activity)
    {
        var id = "a:1hostile-" + Guid.NewGuid().ToString("N")[..10];
        activity["conversation"]!["id"] = id;
        return id;
    }

    private Task<HttpResponseMessage> PostAsync(JsonObject activity, TestKey key) => fixture.Bot.PostSignedAsync(activity, key, ServiceUrl);

    private async Task<List<AuditEvent>> DenialsAsync(string conversation) =>
        [.. (await AllEventsAsync()).Where(e => e.Kind == AuditKind.Denied && e.Details.GetValueOrDefault("action") == "teams-auth" && e.Details.GetValueOrDefault("conversation") == conversation)];

    private async Task<List<AuditEvent>> AllEventsAsync()
    {
        var audit = Services.GetRequiredService<IAuditLog>();
        var events = new List<AuditEvent>();
        foreach (var partition in await audit.ListPartitionsAsync(CancellationToken.None))
        {
            await foreach (var e in audit.ReadAsync(partition, CancellationToken.None))
            {
                events.Add(e);
            }
        }

        return events;
    }
}
