namespace ChatNetOps.Conversation.Tests.Dialog;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Conversation.Tests.Cards;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Inventory.Loading;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;

/// <summary>What the cards and answers say, as found by reading the flow from outside (issue 13, smaller defects).</summary>
public sealed class WordingTests
{
    private const string Clear = "clear-ospf-neighbor device=dist-sw-01 neighbor=198.51.100.167";

    [Fact]
    public async Task LockHeldByARequestAwaitingApproval_IsSaidToWaitForApproval_NotToBeRunning()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        var held = await h.SayAndPreCheckAsync("bob", Clear);

        var answer = Assert.Single((await h.SayAsync("carol", "bounce-interface device=dist-sw-01 interface=Ethernet1/1")).Messages);

        var text = LifecycleHarness.Render(answer);
        Assert.Contains($"Bob Brandt holds the lock with request {held} (clear-ospf-neighbor), which is waiting for approval.", text, StringComparison.Ordinal);
        Assert.Contains("State:        Awaiting approval", text, StringComparison.Ordinal);
        Assert.DoesNotContain("is running", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Your own request", text, StringComparison.Ordinal);
        Assert.Contains("it is waiting for approval", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LockHeldByARequestAwaitingApproval_NamesWhoMayApproveIt()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        var held = await h.SayAndPreCheckAsync("bob", Clear);

        var answer = Assert.Single((await h.SayAsync("carol", "bounce-interface device=dist-sw-01 interface=Ethernet1/1")).Messages);

        Assert.Contains("it is waiting for approval by Carol", answer.Text, StringComparison.Ordinal);
        Assert.Contains("Awaiting:", LifecycleHarness.Render(answer), StringComparison.Ordinal);
        Assert.Contains(held, answer.Text, StringComparison.Ordinal);
        await h.SayAsync("carol", $"approve {held}");

        var queued = Assert.Single((await h.SayAsync("carol", "bounce-interface device=dist-sw-01 interface=Ethernet1/1")).Messages);
        Assert.Contains("it is queued to run", queued.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Awaiting:", LifecycleHarness.Render(queued), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LockHeldByTheRefusedRequestersOwnPendingRequest_TellsThemItIsTheirs()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        var own = await h.SayAndPreCheckAsync("bob", Clear);

        var answer = Assert.Single((await h.SayAsync("bob", "bounce-interface device=dist-sw-01 interface=Ethernet1/1")).Messages);

        Assert.Equal(CardNames.DeviceLocked, answer.CardName);
        var text = LifecycleHarness.Render(answer);
        Assert.Contains($"Your own request {own} (clear-ospf-neighbor) holds this lock; it is waiting for a second engineer to approve it.", text, StringComparison.Ordinal);
        Assert.Contains($"cancel {own} first", text, StringComparison.Ordinal);
        Assert.StartsWith($"dist-sw-01 is locked by your own request {own}", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_RefusedByTheRunbooksApproverRoles_IsToldItIsTheApproverRoles_NotAMissingGrant()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        var id = await h.SayAndPreCheckAsync("bob", Clear);

        var answer = Assert.Single((await h.SayAsync("frank", $"approve {id}")).Messages);

        Assert.Equal(CardNames.Denied, answer.CardName);
        var text = LifecycleHarness.Render(answer);
        Assert.Contains(nameof(DenialReason.NotApproverRole), text, StringComparison.Ordinal);
        Assert.Contains("clear-ospf-neighbor may only be approved by change-approver (its approver_roles); your roles (admin) are not among them.", text, StringComparison.Ordinal);
        Assert.Contains("someone with the role change-approver", text, StringComparison.Ordinal);
        Assert.DoesNotContain("from a console", text, StringComparison.Ordinal);
        Assert.False(await h.HasJobAsync());
    }

    [Fact]
    public void SamplePolicy_AdminRole_DoesNotPromiseApprovalsTheSampleRunbooksRefuse()
    {
        var catalog = InventoryLoader.LoadOrThrow(Path.Combine(RepoPaths.RepoRoot, "inventory"));
        var admin = catalog.Policy.Roles.Single(r => r.Name == "admin");
        var refusing = catalog.Runbooks.Where(r => r.Approval.ApproverRoles.Count > 0 && !r.Approval.ApproverRoles.Contains("admin", StringComparer.OrdinalIgnoreCase)).ToList();

        Assert.NotEmpty(refusing);
        Assert.DoesNotContain("approves everything", admin.Description, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("approver_roles", admin.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecidingAFinishedRequest_SaysWhereItIsInWords()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        var id = await h.SayAndPreCheckAsync("bob", Clear);
        await h.SayAsync("carol", $"approve {id}");
        await h.RunNextJobAsync();

        var again = Assert.Single((await h.SayAsync("dave", $"approve {id}")).Messages);

        Assert.Contains("; it has succeeded.", again.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("it is succeeded", again.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectedRequest_ReadsRejectedLikeEveryOtherStatus()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        var id = await h.SayAndPreCheckAsync("bob", Clear);

        var answer = await h.SayAsync("carol", $"reject {id} wrong neighbour");

        var card = Assert.Single(answer.Messages, m => m.CardName == CardNames.RequestStatus);
        var text = LifecycleHarness.Render(card);
        Assert.Contains("-- Rejected --", text, StringComparison.Ordinal);
        Assert.DoesNotContain("-- rejected --", text, StringComparison.Ordinal);
        Assert.Contains("Rejected by Carol Castillo: wrong neighbour", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectReason_WithLinksTagsAndMentions_IsLiteralCardText()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        var id = await h.SayAndPreCheckAsync("bob", Clear);

        var answer = await h.PressAsync("carol", "reject", new JsonObject { ["requestId"] = id, ["reason"] = CardTextTests.Hostile });

        var card = Assert.Single(answer.Messages, m => m.CardName == CardNames.RequestStatus).Card!;
        var texts = CardTextTests.MarkdownTexts(card).ToList();
        Assert.All(texts, CardTextTests.AssertLiteral);
        Assert.Contains(texts, t => CardText.Unescape(t) == "Rejected by Carol Castillo: " + CardTextTests.Hostile);
    }

    [Fact]
    public async Task HelpForAStateChangingRunbook_NamesAnIncidentChannel()
    {
        await using var h = LifecycleHarness.Create();

        var text = LifecycleHarness.Render((await h.SayAsync("bob", "help clear-ospf-neighbor")).Messages[0]);

        Assert.Contains("needs an incident, an incident channel and approval by change-approver", text, StringComparison.Ordinal);
        Assert.DoesNotContain("a incident", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_PlaceholdersHaveNoAngleBrackets()
    {
        await using var h = LifecycleHarness.Create();

        var card = (await h.SayAsync("carol", "help")).Messages[0].Card!;
        var runbook = (await h.SayAsync("carol", "help bounce-interface")).Messages[0].Card!;

        var texts = CardTextTests.MarkdownTexts(card).Concat(CardTextTests.MarkdownTexts(runbook)).Select(CardText.Unescape).ToList();
        Assert.DoesNotContain(texts, t => t.Contains('<', StringComparison.Ordinal) || t.Contains('>', StringComparison.Ordinal));
        Assert.Contains("status REQUEST-ID [--json]", texts);
        Assert.Contains("reject REQUEST-ID REASON", texts);
        Assert.Contains("interface=INTERFACE", texts);
        Assert.Contains(texts, t => t.Contains("bounce-interface device=DEVICE interface=INTERFACE", StringComparison.Ordinal));
    }

    [Fact]
    public void Timeline_LongerThanOnePage_PointsToTheIncidentExportCommandThatExists()
    {
        var templates = CardTemplates.Load(RepoPaths.CardsDirectory);

        var text = PlainTextRenderer.Render(templates.Render(CardNames.Timeline, CardDataSets.All().Single(c => c.Case == "timeline/page-2").Data)).Text;

        Assert.Contains("export the full timeline with chatnetops incident export INC-9.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("audit export", text, StringComparison.Ordinal);
    }

    [Fact]
    public void IncidentSummary_ShowsAConversationByItsNameWhenKnown_AndByPlatformAndIdOtherwise()
    {
        var cards = new IncidentCards(CardTemplates.Load(RepoPaths.CardsDirectory));
        var at = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
        var incident = new Incident("INC-7", "Core outage", 2, IncidentState.Open, new Actor(ChatPlatform.Teams, "29:x", "Pat Tester"), at)
        {
            Conversations =
            [
                new ConversationRef(ChatPlatform.Teams, "19:channelprobe@thread.tacv2", ChannelKind.Incident) { Name = "Network Ops › INC-1001 core outage" },
                new ConversationRef(ChatPlatform.Slack, "C0INC1001", ChannelKind.Incident),
            ],
        };

        var text = PlainTextRenderer.Render(cards.IncidentSummary(incident, [], []).Card!).Text;

        Assert.Contains("Channel:  Network Ops › INC-1001 core outage, slack:C0INC1001", text, StringComparison.Ordinal);
        Assert.DoesNotContain("19:channelprobe", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeline_WithABrokenChain_EndsWithTheVerdict_BoldInTheAttentionColour()
    {
        var cards = new IncidentCards(CardTemplates.Load(RepoPaths.CardsDirectory));
        var at = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
        var tampered = new ChatNetOps.Core.Audit.AuditEvent("e3", "INC-7", 3, at, ChatNetOps.Core.Audit.AuditKind.Approved, new Actor(ChatPlatform.Slack, "U1", "Sam <b>Second</b>"),
            "R-1", "bounce-interface", "acc-sw-01", "INC-7", null, new Dictionary<string, string>(), "p", "h");
        var timeline = new IncidentTimeline("INC-7", null, [], [tampered], new ChatNetOps.Core.Audit.ChainVerification("INC-7", 5, tampered, "hash mismatch"));

        var message = cards.Timeline(timeline);

        var last = message.Card!["body"]!.AsArray()[^1]!.AsObject();
        Assert.Equal("AUDIT CHAIN BROKEN at sequence 3: hash mismatch (5 events verified).", CardText.Unescape((string)last["text"]!));
        Assert.Equal(("Bolder", "Attention"), ((string?)last["weight"], (string?)last["color"]));
        Assert.EndsWith("AUDIT CHAIN BROKEN at sequence 3: hash mismatch (5 events verified).", PlainTextRenderer.Render(message.Card!).Text, StringComparison.Ordinal);
        Assert.Equal("Timeline of INC-7: 1 events; AUDIT CHAIN BROKEN at sequence 3: hash mismatch.", message.Text);
    }
}
