namespace ChatNetOps.Conversation.Tests.Dialog;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;

public sealed class BadInputTests
{
    public static TheoryData<string, string> BadLines => new()
    {
        { "stauts R-12345678", "unknown command 'stauts'; did you mean status?" },
        { "run clear-ospf device=dist-sw-01", "unknown runbook 'clear-ospf'; did you mean clear-ospf-neighbor?" },
        { "verify-ospf device=fw-edge-2", "unknown device 'fw-edge-2'; did you mean fw-edge-02?" },
        { "incident open INC-1 \"unfinished title", "unbalanced quote" },
        { new string('a', 10_000), "commands are at most 4000 characters" },
        { "verify-ospf\u0007 device=dist-sw-01", "control or invisible character (U+0007)" },
        { "verify-ospf device=dist-sw-01\u202E", "U+202E" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public async Task BadLine_AnswersWithOneQuietLine_RunsNothing_RecordsAUsageEvent(string line, string expected)
    {
        await using var h = LifecycleHarness.Create();

        var answer = Assert.Single((await h.SayAsync("alice", line)).Messages);

        // A typo is a one-line hint to the one who typed it, never a red card for the whole conversation.
        Assert.Null(answer.Card);
        Assert.Null(answer.CardName);
        Assert.True(answer.Ephemeral);
        Assert.DoesNotContain('\n', answer.Text);
        Assert.Contains(expected, LifecycleHarness.Render(answer), StringComparison.Ordinal);
        Assert.False(await h.HasJobAsync());
        var usage = Assert.Single(await h.DayEventsAsync());
        Assert.Equal(AuditKind.Usage, usage.Kind);
        Assert.Equal("InvalidCommand", usage.Details["reason"]);
        Assert.True(usage.Details["text"].Length <= 81);
    }

    [Theory]
    [InlineData("deleteEverything", """{"requestId":"R-1"}""", "UnknownAction")]
    [InlineData("approve", """{"requestId":[1,2]}""", "InvalidPayload")]
    [InlineData("approve", """{"requestId":"R-NOPE1234"}""", nameof(DenialReason.UnknownRequest))]
    public async Task PressThatCannotBeActedOn_IsRefusedAndRecorded(string verb, string data, string reason)
    {
        await using var h = LifecycleHarness.Create();

        var answer = await h.PressAsync("carol", verb, JsonNode.Parse(data)!.AsObject());

        AssertRefused(answer, reason);
        Assert.Contains(await h.DayEventsAsync(), e => e.Kind == AuditKind.Denied && e.Details["reason"] == reason);
    }

    [Fact]
    public async Task ApproveFromAnotherConversation_IsRefused_NothingRuns()
    {
        await using var h = LifecycleHarness.Create();
        var id = await PendingAsync(h);

        var answer = await h.PressAsync("carol", "approve", new JsonObject { ["requestId"] = id }, LifecycleHarness.ConsoleConversation("console-2"));

        AssertRefused(answer, nameof(DenialReason.WrongConversation));
        Assert.False(await h.HasJobAsync());
        Assert.Equal(RequestStatus.AwaitingApproval, (await h.Store.GetAsync(id, CancellationToken.None))!.Status);
        Assert.Contains(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.Denied && e.Details["reason"] == nameof(DenialReason.WrongConversation));
    }

    [Fact]
    public async Task PayloadClaimingADifferentApprover_IsRefusedAndRecorded_TheClickerIsWhoCounts()
    {
        await using var h = LifecycleHarness.Create();
        var id = await PendingAsync(h);

        // Bob, the requester, forges carol as the approver.
        var answer = await h.PressAsync("bob", "approve", new JsonObject { ["requestId"] = id, ["approver"] = "carol" });

        AssertRefused(answer, "ForgedPayload");
        Assert.False(await h.HasJobAsync());
        Assert.Contains(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.Denied && e.Actor.MemberId == "bob" && e.Details["reason"] == "ForgedPayload" && e.Details["claimed"] == "carol");
    }

    [Fact]
    public async Task ExtraUnknownFields_AreIgnored()
    {
        await using var h = LifecycleHarness.Create();
        var id = await PendingAsync(h);

        var answer = await h.PressAsync("carol", "approve", new JsonObject { ["requestId"] = id, ["colour"] = "blue", ["nested"] = new JsonObject { ["x"] = 1 } });

        Assert.Contains("Approved by", LifecycleHarness.Render(answer.Messages[0]), StringComparison.Ordinal);
        Assert.Equal(RequestStatus.Queued, (await h.Store.GetAsync(id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task RefreshApproval_ShowsButtonsToApproversAndReadOnlyToOthers()
    {
        await using var h = LifecycleHarness.Create();
        var id = await PendingAsync(h);

        var forCarol = (await h.PressAsync("carol", "refreshApproval", new JsonObject { ["requestId"] = id })).Messages[0];
        var forBob = (await h.PressAsync("bob", "refreshApproval", new JsonObject { ["requestId"] = id })).Messages[0];
        var elsewhere = (await h.PressAsync("carol", "refreshApproval", new JsonObject { ["requestId"] = id }, LifecycleHarness.ConsoleConversation("console-2"))).Messages[0];

        Assert.True(forCarol.Ephemeral);
        Assert.Equal(["Approve", "Reject"], PlainTextRenderer.Render(forCarol.Card!).Buttons.Select(b => b.Title));
        Assert.Equal(["Cancel request"], PlainTextRenderer.Render(forBob.Card!).Buttons.Select(b => b.Title));
        Assert.Contains("Waiting for an approver other than Bob Brandt", LifecycleHarness.Render(forBob), StringComparison.Ordinal);
        Assert.Equal(CardNames.Denied, elsewhere.CardName);
    }

    [Fact]
    public async Task RejectWithReason_FromText_RecordsTheReason()
    {
        await using var h = LifecycleHarness.Create();
        var id = await PendingAsync(h);

        var answer = await h.SayAsync("carol", $"reject {id} don't touch it during peak");

        Assert.Contains("don't touch it during peak", LifecycleHarness.Render(answer.Messages[0]), StringComparison.Ordinal);
        Assert.Equal(RequestStatus.Rejected, (await h.Store.GetAsync(id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Cancel_ByAnotherUser_IsRefused_ByTheRequester_Works()
    {
        await using var h = LifecycleHarness.Create();
        var id = await PendingAsync(h);

        AssertRefused(await h.SayAsync("carol", $"cancel {id}"), nameof(DenialReason.NotRequester));
        var cancelled = await h.PressAsync("bob", "cancel", new JsonObject { ["requestId"] = id });

        Assert.Contains("cancelled", LifecycleHarness.Render(cancelled.Messages[0]), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(RequestStatus.Cancelled, (await h.Store.GetAsync(id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task MentionsAndCase_AreHandled()
    {
        await using var h = LifecycleHarness.Create();
        var teams = new ConversationRef(ChatPlatform.Teams, "19:abc@thread.tacv2", ChannelKind.Group);

        var answer = await h.SayAsync("3f1c2a9e-7d4b-4e8a-9c61-2b5d8e0f4a13", "<at>ChatNetOps</at> RUN Verify-OSPF device=\"DIST-SW-01\"", teams);

        Assert.Equal(CardNames.RequestStatus, answer.Messages[0].CardName);
        Assert.Equal(["dist-sw-01"], (await h.RunNextJobAsync()).Targets);
    }

    private static void AssertRefused(Messages.DialogResult answer, string code)
    {
        var message = Assert.Single(answer.Messages);
        Assert.Equal(CardNames.Denied, message.CardName);
        Assert.Contains(code, LifecycleHarness.Render(message), StringComparison.Ordinal);
    }

    private static async Task<string> PendingAsync(LifecycleHarness h)
    {
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        return await h.SayAndPreCheckAsync("bob", "clear-ospf-neighbor device=dist-sw-01 neighbor=198.51.100.167");
    }
}
