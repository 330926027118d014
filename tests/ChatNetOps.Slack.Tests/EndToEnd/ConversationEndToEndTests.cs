namespace ChatNetOps.Slack.Tests.EndToEnd;

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Core.Audit;
using ChatNetOps.Slack.Tests.Fakes;
using ChatNetOps.Testing.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static ChatNetOps.Slack.Tests.EndToEnd.SlackHost;

/// <summary>Signed requests through the real bot host (SQLite, lab devices, in-process worker) to the fake Slack API.</summary>
public sealed class ConversationEndToEndTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>The notifier's "news of a request waits for its card" (ChatNetOps.Conversation Log.WaitingForCard).</summary>
    private const int WaitingForCard = 3110;

    [Fact]
    public async Task ReadOnlyRun_AcksAtOnce_PostsTheRequestCard_ThenPostsTheResultWithTheOutput()
    {
        await using var host = await StartAsync();

        var (status, text) = await host.CommandAsync(Alice, IncidentChannel, "verify-ospf device=core-rtr-01");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("Working on `/netops verify-ospf", text, StringComparison.Ordinal);
        var card = await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.Contains("verify-ospf on core-rtr-01: queued", StringComparison.Ordinal), Wait);
        Assert.Equal(IncidentChannel, card.Str("channel"));
        Assert.Equal("Bearer " + FakeSlackApi.BotToken, card.Authorization);
        var result = await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.Contains("verify-ospf on core-rtr-01: succeeded", StringComparison.Ordinal), Wait);
        Assert.True(result.Sequence > card.Sequence);
        Assert.Contains(result.Blocks!, b => ((string?)b?["text"]?["text"])?.StartsWith("```", StringComparison.Ordinal) == true);
        Assert.Empty(host.Slack.Violations);
    }

    /// <summary>
    /// The run finishes while Slack has not yet answered the post of the request card (a busy workspace, a loaded host):
    /// the result waits for the card, so the channel shows the request, then its result, never the other way round.
    /// </summary>
    [Fact]
    public async Task RunFinishedBeforeTheRequestCardIsPosted_TheResultWaitsForTheCard_AndTheCardShowsTheOutcome()
    {
        var logs = new LogEventSignals();
        await using var host = await StartAsync(null, factory => factory.TestServices.Add(s => s.AddSingleton<ILoggerProvider>(logs)));
        host.Slack.Hold("chat.postMessage");

        await host.CommandAsync(Alice, IncidentChannel, "verify-ospf device=core-rtr-01");
        var card = await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.Contains("verify-ospf on core-rtr-01: queued", StringComparison.Ordinal), Wait);

        // The worker finishes and the notifier hears of it while the card's post is unanswered: it must wait, not post.
        var resultPosted = host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.Contains("verify-ospf on core-rtr-01: succeeded", StringComparison.Ordinal), Wait);
        var waiting = logs.WaitForAsync(WaitingForCard, "R-", Wait);
        Assert.Same(waiting, await Task.WhenAny(resultPosted, waiting));
        await waiting;

        host.Slack.Release("chat.postMessage");
        var result = await resultPosted;
        var updated = await host.Slack.WaitForAsync("chat.update", c => c.Ts == card.Ts && c.Str("text")!.Contains("succeeded", StringComparison.Ordinal), Wait);
        Assert.True(card.Sequence < updated.Sequence && updated.Sequence < result.Sequence);
        Assert.Single(host.Slack.CallsTo("chat.postMessage"), c => c.Str("text")!.Contains("verify-ospf on core-rtr-01: queued", StringComparison.Ordinal));
        Assert.Empty(host.Slack.Violations);
    }

    [Fact]
    public async Task StateChangingRequest_ApprovedByAnotherSlackUser_UpdatesTheCardForEveryone_AndPostsTheResult()
    {
        await using var host = await StartAsync();

        await host.CommandAsync(Bob, IncidentChannel, "clear-ospf-neighbor device=dist-sw-01 neighbor=10.78.10.2");
        var approval = await host.Slack.WaitForAsync(c => c.Method is "chat.postMessage" or "chat.update" && c.Str("text")!.StartsWith("Approval needed", StringComparison.Ordinal), Wait, "approval card");
        Assert.Equal(["approve", "reject", "cancel"], Buttons(approval).Select(b => (string?)b["action_id"]));

        // The approvers with a Slack id are @mentioned (in a block and in the notification text), so Slack notifies them.
        Assert.EndsWith("\nApprovers: <@U0CAROL0003>, <@U0DAVE00004>", approval.Str("text"), StringComparison.Ordinal);
        Assert.Contains(approval.Blocks!, b => (string?)b?["text"]?["text"] == "*Approvers:* <@U0CAROL0003>, <@U0DAVE00004>");

        Assert.Equal(HttpStatusCode.OK, await host.PressAsync(Carol, approval, "approve"));

        var updated = await host.Slack.WaitForAsync("chat.update", c => c.Ts == approval.Ts && c.Sequence > approval.Sequence, Wait);
        Assert.Equal(IncidentChannel, updated.Str("channel"));
        Assert.DoesNotContain(Buttons(updated), b => (string?)b["action_id"] == "approve");
        await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.Contains("Carol Castillo approved", StringComparison.Ordinal), Wait);
        await host.Slack.WaitForAsync("chat.update", c => c.Ts == approval.Ts && c.Sequence > approval.Sequence && c.Str("text")!.Contains("succeeded", StringComparison.Ordinal), Wait);
        await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.Contains("clear-ospf-neighbor on dist-sw-01: succeeded", StringComparison.Ordinal), Wait);
        var audit = await host.Factory.AuditAsync();
        Assert.Contains(audit, e => e.Kind == AuditKind.Approved && e.Actor.MemberId == "carol" && e.Actor.UserId == Carol);
        Assert.Empty(host.Slack.Violations);

        var payloads = host.Slack.Calls
            .Where(c => c.Json is not null && c.Method is "chat.postMessage" or "chat.update" or "chat.postEphemeral" or "response_url")
            .Select(c => ($"{c.Method}#{c.Sequence}", "message", (JsonNode)new JsonObject { ["text"] = c.Json!["text"]?.DeepClone(), ["blocks"] = c.Json["blocks"]?.DeepClone() }))
            .ToList();
        Assert.Empty(await SlackTypesChecker.CheckAsync(payloads));
    }

    [Fact]
    public async Task SelfApproval_IsRefusedEphemerallyToTheClicker_AndTheCardStaysAsItWas()
    {
        await using var host = await StartAsync();
        await host.CommandAsync(Bob, IncidentChannel, "clear-ospf-neighbor device=dist-sw-01 neighbor=10.78.10.2");
        var approval = await host.Slack.WaitForAsync(c => c.Method is "chat.postMessage" or "chat.update" && c.Str("text")!.StartsWith("Approval needed", StringComparison.Ordinal), Wait, "approval card");

        await host.PressAsync(Bob, approval, "approve");

        var refusal = await host.Slack.WaitForAsync("chat.postEphemeral", c => c.Str("user") == Bob, Wait);
        Assert.Equal(IncidentChannel, refusal.Str("channel"));
        Assert.Contains("SelfApproval", refusal.RawBody, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Slack.CallsTo("chat.update"), c => c.Sequence > approval.Sequence);
        Assert.Contains(await host.Factory.AuditAsync(), e => e.Kind == AuditKind.Denied && e.Actor.UserId == Bob);
    }

    [Fact]
    public async Task RejectButton_OpensTheReasonModal_AndTheSubmissionRejectsWithTheReason()
    {
        await using var host = await StartAsync();
        await host.CommandAsync(Bob, IncidentChannel, "clear-ospf-neighbor device=dist-sw-01 neighbor=10.78.10.2");
        var approval = await host.Slack.WaitForAsync(c => c.Method is "chat.postMessage" or "chat.update" && c.Str("text")!.StartsWith("Approval needed", StringComparison.Ordinal), Wait, "approval card");

        await host.PressAsync(Carol, approval, "reject");
        var open = await host.Slack.WaitForAsync("views.open", timeout: Wait);
        var view = (JsonObject)open.Json!["view"]!;
        Assert.Equal("1337.42.button-trigger", open.Str("trigger_id"));
        var submission = new JsonObject
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = Carol, ["name"] = "carol" },
            ["view"] = new JsonObject
            {
                ["id"] = "V1",
                ["hash"] = "h1",
                ["callback_id"] = view["callback_id"]?.DeepClone(),
                ["private_metadata"] = view["private_metadata"]?.DeepClone(),
                ["state"] = new JsonObject { ["values"] = new JsonObject { ["reason"] = new JsonObject { ["reason"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "not during business hours" } } } },
            },
        };
        using var response = await host.Client.SendAsync(SignedRequests.Interaction(submission));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await host.Slack.WaitForAsync("chat.update", c => c.Ts == approval.Ts && c.Sequence > approval.Sequence, Wait);
        Assert.Contains(await host.Factory.AuditAsync(), e => e.Kind == AuditKind.Rejected && e.Actor.MemberId == "carol");
        await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.Contains("not during business hours", StringComparison.Ordinal), Wait);
    }

    [Fact]
    public async Task RunbookWithoutItsInputs_OpensTheFormAsAModal_InvalidInputKeepsItOpen_ValidInputSubmits()
    {
        await using var host = await StartAsync();

        await host.CommandAsync(Bob, IncidentChannel, "bounce-interface");
        var open = await host.Slack.WaitForAsync("views.open", timeout: Wait);
        var view = (JsonObject)open.Json!["view"]!;
        Assert.Equal("1337.42.trigger", open.Str("trigger_id"));
        Assert.Contains(view["blocks"]!.AsArray(), b => (string?)b!["block_id"] == "interface");
        Assert.DoesNotContain(host.Slack.CallsTo("chat.postMessage"), c => c.RawBody.Contains("bounce-interface", StringComparison.Ordinal));

        using var invalid = await host.Client.SendAsync(SignedRequests.Interaction(Submission(view, "h1", "bogus!")));
        var errors = await invalid.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("errors", (string?)errors!["response_action"]);
        Assert.NotNull(errors["errors"]!["interface"]);

        using var valid = await host.Client.SendAsync(SignedRequests.Interaction(Submission(view, "h2", "Ethernet1/5")));
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Equal(string.Empty, await valid.Content.ReadAsStringAsync());
        var approval = await host.Slack.WaitForAsync(c => c.Method is "chat.postMessage" or "chat.update" && c.Str("text")!.StartsWith("Approval needed", StringComparison.Ordinal), Wait, "approval card");
        Assert.Contains("bounce-interface on dist-sw-01", approval.Str("text"), StringComparison.Ordinal);

        static JsonObject Submission(JsonObject view, string hash, string iface) => new()
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = Bob, ["name"] = "bob" },
            ["view"] = new JsonObject
            {
                ["id"] = "V2",
                ["hash"] = hash,
                ["callback_id"] = view["callback_id"]?.DeepClone(),
                ["private_metadata"] = view["private_metadata"]?.DeepClone(),
                ["state"] = new JsonObject
                {
                    ["values"] = new JsonObject
                    {
                        ["device"] = new JsonObject { ["device"] = new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = "dist-sw-01" } } },
                        ["interface"] = new JsonObject { ["interface"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = iface } },
                        ["incidentId"] = new JsonObject { ["incidentId"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "INC-1001" } },
                    },
                },
            },
        };
    }

    [Fact]
    public async Task LockedDevice_SecondStateChangingRequest_IsRefusedNamingTheHolder()
    {
        await using var host = await StartAsync();
        await host.CommandAsync(Bob, IncidentChannel, "clear-ospf-neighbor device=dist-sw-01 neighbor=10.78.10.2");
        await host.Slack.WaitForAsync(c => c.Method is "chat.postMessage" or "chat.update" && c.Str("text")!.StartsWith("Approval needed", StringComparison.Ordinal), Wait, "approval card");

        await host.CommandAsync(Carol, IncidentChannel, "bounce-interface device=dist-sw-01 interface=Ethernet1/5");

        // A refusal goes only to the one refused (the command's response_url), never to the channel.
        var locked = await host.Slack.WaitForAsync(c => c.Method is "response_url" && c.Str("text")!.StartsWith("dist-sw-01 is locked by Bob Brandt (clear-ospf-neighbor, INC-1001", StringComparison.Ordinal), Wait, "device-locked card");
        Assert.Contains("bounce-interface was not queued", locked.Str("text"), StringComparison.Ordinal);
        Assert.Contains(await host.Factory.AuditAsync(), e => e.Kind == AuditKind.LockRefused);
        Assert.DoesNotContain(host.Slack.CallsTo("chat.postMessage"), c => c.Str("text")!.Contains("is locked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EventsApiRetry_WithTheSameEventId_IsProcessedOnce()
    {
        await using var host = await StartAsync();

        await AssertEventRetryProcessedOnceAsync(host, host, "Ev0HELP0001", "Ev0BARRIER1");
    }

    [Fact]
    public async Task DirectMessage_IsAnsweredInTheDirectMessage()
    {
        await using var host = await StartAsync();

        using (await host.Client.SendAsync(SignedRequests.Event(SignedRequests.MessageEvent("Ev0DM000001", "message", Erin, "D0ERIN0001", "help", channelType: "im"))))
        {
        }

        var answer = await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("channel") == "D0ERIN0001", Wait);
        Assert.StartsWith("ChatNetOps help", answer.Str("text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepeatedInteractionPayload_IsProcessedOnce()
    {
        await using var host = await StartAsync();
        await host.CommandAsync(Bob, IncidentChannel, "clear-ospf-neighbor device=dist-sw-01 neighbor=10.78.10.2");
        var approval = await host.Slack.WaitForAsync(c => c.Method is "chat.postMessage" or "chat.update" && c.Str("text")!.StartsWith("Approval needed", StringComparison.Ordinal), Wait, "approval card");
        var press = host.PressPayload(Carol, approval, "approve", actionTs: "1700000200.000001");

        using (await host.Client.SendAsync(SignedRequests.Interaction(press)))
        {
        }

        using (await host.Client.SendAsync(SignedRequests.Interaction(press)))
        {
        }

        await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.Contains("approved", StringComparison.Ordinal), Wait);
        await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.Contains("output sha256", StringComparison.Ordinal), Wait);
        Assert.Single(await host.Factory.AuditAsync(), e => e.Kind == AuditKind.Approved);
        Assert.DoesNotContain(host.Slack.CallsTo("chat.postEphemeral"), c => c.RawBody.Contains("already", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SlowDevice_TheAckStillComesAtOnce_AndTheResultFollows()
    {
        await using var host = await StartAsync(s => s["Lab:Latency"] = "00:00:04");
        await host.CommandAsync(Alice, "C0WARMUP01", "help");

        var clock = Stopwatch.StartNew();
        var (status, _) = await host.CommandAsync(Alice, IncidentChannel, "verify-ospf device=core-rtr-01");
        var ack = clock.Elapsed;

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(ack < TimeSpan.FromSeconds(1), $"ack took {ack.TotalMilliseconds} ms");
        await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.Contains("output sha256", StringComparison.Ordinal), Wait);
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task UserUnknownById_IsMatchedByEmailFromUsersInfo_Once()
    {
        // Frank has no Slack id in the policy (only a Teams one), so his confirmed email in an allowed workspace identifies him.
        await using var host = await StartAsync(s => s["Slack:AllowedTeams:0"] = FakeSlackApi.HomeTeam);
        host.Slack.Users["U0NEWFRANK"] = ("frank.f", "frank@contoso.com");

        await host.CommandAsync("U0NEWFRANK", IncidentChannel, "runbooks");
        await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.Contains("clear-ospf-neighbor", StringComparison.Ordinal), Wait);
        await host.CommandAsync("U0NEWFRANK", IncidentChannel, "help");
        await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.StartsWith("ChatNetOps help", StringComparison.Ordinal), Wait);

        Assert.Single(host.Slack.CallsTo("users.info"));
        Assert.DoesNotContain(host.Slack.CallsTo("users.info"), c => c.Str("user") != "U0NEWFRANK");
    }

    [Fact]
    public async Task AMemberMatchedByEmail_IsRecordedAsSuchInTheAudit()
    {
        await using var host = await StartAsync(s => s["Slack:AllowedTeams:0"] = FakeSlackApi.HomeTeam);
        host.Slack.Users["U0NEWFRANK"] = ("frank.f", "frank@contoso.com");

        await host.CommandAsync("U0NEWFRANK", IncidentChannel, "verify-ospf device=core-rtr-01");
        await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.Contains("verify-ospf on core-rtr-01: succeeded", StringComparison.Ordinal), Wait);

        var requested = Assert.Single(await host.Factory.AuditAsync(), e => e.Kind == AuditKind.Requested);
        Assert.Equal("frank", requested.Actor.MemberId);
        Assert.Equal("email", requested.Actor.MatchedBy);
    }

    [Theory]
    [InlineData("carol@contoso.com", FakeSlackApi.HomeTeam, true, "a member pinned to another Slack id")]
    [InlineData("frank@contoso.com", FakeSlackApi.HomeTeam, false, "an unconfirmed email")]
    [InlineData("frank@contoso.com", "T0FOREIGN1", true, "a user of another workspace")]
    public async Task AnEmailThatDoesNotVouch_MatchesNobody(string email, string team, bool confirmed, string why)
    {
        await using var host = await StartAsync(s => s["Slack:AllowedTeams:0"] = FakeSlackApi.HomeTeam);
        host.Slack.Users["U0STRANGER"] = ("stranger", email);
        host.Slack.UserTeams["U0STRANGER"] = team;
        if (!confirmed)
        {
            host.Slack.UnconfirmedEmails["U0STRANGER"] = true;
        }

        await host.CommandAsync("U0STRANGER", IncidentChannel, "verify-ospf device=core-rtr-01");

        var denied = await WaitForAuditAsync(host, e => e.Kind == AuditKind.Denied && e.Actor.UserId == "U0STRANGER");
        Assert.True(denied.Actor.MemberId is null, why);
        Assert.Equal("UnknownUser", denied.Details["reason"]);
        Assert.DoesNotContain(await host.Factory.AuditAsync(), e => e.Kind == AuditKind.Requested);
    }

    [Fact]
    public async Task WithoutAllowedTeams_NobodyIsMatchedByEmail()
    {
        await using var host = await StartAsync();
        host.Slack.Users["U0NEWFRANK"] = ("frank.f", "frank@contoso.com");

        await host.CommandAsync("U0NEWFRANK", IncidentChannel, "verify-ospf device=core-rtr-01");

        Assert.Equal("UnknownUser", (await WaitForAuditAsync(host, e => e.Kind == AuditKind.Denied && e.Actor.UserId == "U0NEWFRANK")).Details["reason"]);
        Assert.DoesNotContain(await host.Factory.AuditAsync(), e => e.Kind == AuditKind.Requested);
    }

    /// <summary>Waits (bounded) until the audit trail holds a matching event; the work runs off the request path.</summary>
    private static async Task<AuditEvent> WaitForAuditAsync(SlackHost host, Func<AuditEvent, bool> predicate)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Wait)
        {
            if ((await host.Factory.AuditAsync()).FirstOrDefault(predicate) is { } match)
            {
                return match;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("No matching audit event was recorded.");
    }
}
