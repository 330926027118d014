namespace ChatNetOps.Conversation.Tests.Dialog;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Conversation.Tests.Cards;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Parsing;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

/// <summary>Issue 16: the approval card shows exactly what will happen, and a rejection says why.</summary>
public sealed class ApprovalCardTests
{
    private const string Bounce = "bounce-interface device=dist-sw-01 interface=Ethernet1/1";

    [Fact]
    public async Task ApprovalCard_ShowsTheExactCommands_TheDeviceAndInterfaceDescriptions_AndWhoCanApprove()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");

        var approval = Assert.Single((await h.SayAsync("bob", Bounce)).Messages);

        Assert.Equal(CardNames.ApprovalRequest, approval.CardName);
        var request = (await h.Store.GetAsync(approval.RequestId!, CancellationToken.None))!;
        var runbook = h.Catalog.FindRunbook("bounce-interface")!;
        var sent = CommandRenderer.Render(runbook, h.Catalog.FindDevice("dist-sw-01")!.Platform, request.Inputs);
        Assert.Equal(["configure terminal", "interface Ethernet1/1", "shutdown", "no shutdown", "end"], sent);
        var text = LifecycleHarness.Render(approval);
        Assert.Contains("Exactly what will be sent", text, StringComparison.Ordinal);
        Assert.Contains(string.Join('\n', sent), text, StringComparison.Ordinal);
        Assert.Contains("Distribution switch A (Nexus) · cisco_nxos · distribution", text, StringComparison.Ordinal);
        Assert.Contains("Ethernet1/1: Uplink to core-rtr-01 (OSPF area 0)", text, StringComparison.Ordinal);
        Assert.Contains("Who can approve", text, StringComparison.Ordinal);
        Assert.Contains("change-approver: Carol Castillo, Dave Dietrich, Sam Second", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Frank", text, StringComparison.Ordinal);
        Assert.Contains(runbook.BlastRadius, text, StringComparison.Ordinal);
        Assert.Contains(runbook.Rollback, text, StringComparison.Ordinal);
        Assert.Contains($"Approval hash: {request.ApprovalHash[..12]}…", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Pre-check", text, StringComparison.Ordinal);
        Assert.True(CardLimits.FitsTeams(approval.Card!));
    }

    [Fact]
    public async Task ApprovalCard_ForAnInterfaceTheInventoryDoesNotDescribe_ShowsNoInterfaceLine()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");

        var approval = Assert.Single((await h.SayAsync("bob", "bounce-interface device=dist-sw-01 interface=Ethernet1/7")).Messages);

        var text = LifecycleHarness.Render(approval);
        Assert.Contains("interface Ethernet1/7", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ethernet1/7:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Uplink", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApprovalCard_PreCheckSlot_ShowsTheVerdictAndItsRows_WhenFilled()
    {
        await using var h = LifecycleHarness.Create();
        var request = await h.AwaitApprovalAsync();
        var cards = h.Services.GetRequiredService<RequestCards>();
        var preCheck = new ApprovalPreCheck(Verdict.Warning, "1 of 2 neighbours FULL", [("198.51.100.167", "FULL on Eth1/1"), ("198.51.100.168", "INIT on Eth1/2")]);

        var filled = LifecycleHarness.Render(cards.Approval(request, [], canAct: true, preCheck));
        // The stored pre-check (clear-ospf-neighbor declares one) fills the slot too: without either it is not there.
        Assert.Contains("Pre-check: ", LifecycleHarness.Render(cards.Approval(request, [], canAct: true)), StringComparison.Ordinal);
        var empty = cards.Approval(request with { PreCheck = null }, [], canAct: true);

        Assert.Contains("Pre-check: Warning: 1 of 2 neighbours FULL", filled, StringComparison.Ordinal);
        Assert.Contains("198.51.100.167: FULL on Eth1/1", filled, StringComparison.Ordinal);
        Assert.DoesNotContain("Pre-check", empty.Card!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("change-approver: nobody who may approve this request here holds it", LifecycleHarness.Render(empty), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectPressedWithoutAReason_IsAskedForOne_NothingIsDecided()
    {
        await using var h = LifecycleHarness.Create();
        var request = await h.AwaitApprovalAsync();

        var pressed = Assert.Single((await h.PressAsync("carol", "reject", new JsonObject { ["requestId"] = request.Id, ["reason"] = "   " })).Messages);
        var typed = Assert.Single((await h.SayAsync("carol", $"reject {request.Id}")).Messages);

        Assert.Null(pressed.Card);
        Assert.True(pressed.Ephemeral);
        Assert.StartsWith("a rejection needs a reason, recorded in the audit trail and shown on the card: write it in the card's reason field", pressed.Text, StringComparison.Ordinal);
        Assert.Equal($"a rejection needs a reason, recorded in the audit trail and shown on the card: reject {request.Id} REASON", typed.Text);
        Assert.Equal(RequestStatus.AwaitingApproval, (await h.Store.GetAsync(request.Id, CancellationToken.None))!.Status);
        var usage = (await h.DayEventsAsync()).Where(e => e.Kind == AuditKind.Usage).ToList();
        Assert.Equal(["ReasonMissing", "InvalidCommand"], usage.Select(e => e.Details["reason"]));
        Assert.DoesNotContain(await h.EventsAsync(request.Incident!), e => e.Kind == AuditKind.Rejected);
    }

    [Fact]
    public async Task RejectWithAReason_RecordsIt_AndTheUpdatedCardShowsIt()
    {
        await using var h = LifecycleHarness.Create();
        var request = await h.AwaitApprovalAsync();
        var card = await h.PostAsync(DialogResultOf(await h.Store.GetAsync(request.Id, CancellationToken.None), h));

        var answer = await h.PressAsync("carol", "reject", new JsonObject { ["requestId"] = request.Id, ["reason"] = "wrong neighbour" }, replyTo: card);

        var updated = Assert.Single(answer.Messages, m => m.ReplaceMessageId is not null);
        Assert.Contains("Rejected by Carol Castillo: wrong neighbour", LifecycleHarness.Render(updated), StringComparison.Ordinal);
        var rejected = Assert.Single(await h.EventsAsync(request.Incident!), e => e.Kind == AuditKind.Rejected);
        Assert.Equal("wrong neighbour", rejected.Details["reason"]);
    }

    [Fact]
    public void ApprovalTemplate_RequiresTheReason_ForRejectOnly()
    {
        var templates = CardTemplates.Load(RepoPaths.CardsDirectory);
        var card = templates.Render(CardNames.ApprovalRequest, CardDataSets.All().Single(c => c.Case == "approval-request/sample").Data);

        var reason = Walk(card).Single(o => (string?)o["id"] == "reason");
        Assert.True((bool?)reason["isRequired"]);
        var actions = card["actions"]!.AsArray().Select(a => a!.AsObject()).ToList();
        Assert.Equal("none", (string?)actions.Single(a => (string?)a["verb"] == "approve")["associatedInputs"]);
        Assert.Equal("auto", (string?)actions.Single(a => (string?)a["verb"] == "reject")["associatedInputs"]);
    }

    private static Messages.DialogResult DialogResultOf(RunRequest? request, LifecycleHarness h) =>
        Messages.DialogResult.Of(h.Services.GetRequiredService<RequestCards>().Approval(request!, [], canAct: true));

    private static IEnumerable<JsonObject> Walk(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.Select(p => p.Value).SelectMany(Walk)),
        JsonArray a => a.SelectMany(Walk),
        _ => [],
    };
}
