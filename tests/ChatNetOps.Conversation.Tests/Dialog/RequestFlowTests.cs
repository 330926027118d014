namespace ChatNetOps.Conversation.Tests.Dialog;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;

public sealed class RequestFlowTests
{
    [Fact]
    public async Task ReadOnlyRequest_ByGrantedUser_RunsUpdatesItsCardInPlaceAndPostsTheResultCard()
    {
        await using var h = LifecycleHarness.Create();

        var answer = await h.SayAsync("alice", "verify-ospf device=dist-sw-01");

        var status = Assert.Single(answer.Messages);
        Assert.Equal(CardNames.RequestStatus, status.CardName);
        Assert.NotNull(status.RequestId);
        Assert.Single(answer.MessagesToAttach);
        Assert.Contains("Queued", LifecycleHarness.Render(status), StringComparison.Ordinal);
        await h.PostAsync(answer);

        var done = await h.RunNextJobAsync();
        Assert.Equal(RequestStatus.Succeeded, done.Status);
        await h.DrainResultsAsync();

        var result = Assert.Single(h.Console.Posts, p => p.Message.CardName == CardNames.ExecutionResult).Message;
        var text = LifecycleHarness.Render(result);
        Assert.Contains("Verify OSPF: Succeeded", text, StringComparison.Ordinal);
        Assert.Contains(done.Result!.OutputSha256, text, StringComparison.Ordinal);
        Assert.Equal(done.Id, result.RequestId);
        var statusPost = Assert.Single(h.Console.Posts, p => p.Message.CardName == CardNames.RequestStatus && !p.Update);
        Assert.Contains(h.Console.Posts, p => p.Update && p.MessageId == statusPost.MessageId && LifecycleHarness.Render(p.Message).Contains("Succeeded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StateChanging_ApprovalCard_SelfApprovalRefused_SecondEngineerApproves_RunsOnce_ChainHoldsEachStep()
    {
        await using var h = LifecycleHarness.Create();
        Assert.Equal(CardNames.IncidentSummary, (await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps on distribution\" sev=2")).Messages[0].CardName);

        // clear-ospf-neighbor looks first (its pre-check); the approval card replaces the request's card once it passed.
        var asked = await h.SayAsync("bob", "run clear-ospf-neighbor device=dist-sw-01 neighbor=198.51.100.167");
        Assert.Equal(CardNames.RequestStatus, Assert.Single(asked.Messages).CardName);
        await h.PostAsync(asked);
        Assert.Equal(RequestStatus.AwaitingApproval, (await h.RunNextJobAsync()).Status);
        await h.DrainResultsAsync();
        var (messageId, approval, _) = h.Console.Posts.Last(p => p.Message.RequestId == asked.Messages[0].RequestId);
        Assert.Equal(CardNames.ApprovalRequest, approval.CardName);
        var requestId = approval.RequestId!;
        Assert.Contains("Carol Castillo", approval.Text, StringComparison.Ordinal);
        Assert.Contains("carol", approval.ApproverIds);
        Assert.DoesNotContain("bob", approval.ApproverIds);

        var self = await h.PressAsync("bob", "approve", new JsonObject { ["requestId"] = requestId }, replyTo: messageId);
        var refused = Assert.Single(self.Messages);
        Assert.Equal(CardNames.Denied, refused.CardName);
        Assert.True(refused.Ephemeral);
        Assert.Contains(nameof(DenialReason.SelfApproval), LifecycleHarness.Render(refused), StringComparison.Ordinal);
        Assert.False(await h.HasJobAsync());

        var approved = await h.PressAsync("carol", "approve", new JsonObject { ["requestId"] = requestId }, replyTo: messageId);
        Assert.Equal(messageId, approved.Messages[0].ReplaceMessageId);
        Assert.Contains("Approved by", LifecycleHarness.Render(approved.Messages[0]), StringComparison.Ordinal);

        var again = await h.PressAsync("dave", "approve", new JsonObject { ["requestId"] = requestId }, replyTo: messageId);
        Assert.Contains("already approved by Carol Castillo", again.Messages[0].Text, StringComparison.Ordinal);

        var done = await h.RunNextJobAsync();
        Assert.Equal(RequestStatus.Succeeded, done.Status);
        Assert.False(await h.HasJobAsync());
        await h.DrainResultsAsync();
        Assert.Single(h.Console.Posts, p => p.Message.CardName == CardNames.ExecutionResult);

        var kinds = (await h.EventsAsync("INC-4242")).Select(e => e.Kind).ToArray();
        Assert.Equal(
            [AuditKind.IncidentOpened, AuditKind.Requested, AuditKind.LockTaken, AuditKind.PreChecked, AuditKind.ApprovalRequested, AuditKind.Denied,
             AuditKind.Approved, AuditKind.Queued, AuditKind.Started, AuditKind.Succeeded, AuditKind.PostCheckPassed, AuditKind.LockReleased],
            kinds);
        Assert.True((await new AuditVerifier(h.Audit).VerifyAsync("INC-4242", CancellationToken.None)).IsIntact);

        var timeline = await h.SayAsync("carol", "timeline");
        Assert.Equal(CardNames.Timeline, timeline.Messages[0].CardName);
        Assert.Contains("Audit chain intact", LifecycleHarness.Render(timeline.Messages[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusJson_PrintsTheStructuredResult()
    {
        await using var h = LifecycleHarness.Create();
        var id = (await h.SayAsync("alice", "system-status jump-01")).Messages[0].RequestId!;
        var done = await h.RunNextJobAsync();

        var json = JsonNode.Parse((await h.SayAsync("alice", $"status {id.ToLowerInvariant()} --json")).Messages[0].Text)!;

        Assert.Equal(id, (string?)json["requestId"]);
        Assert.Equal("succeeded", (string?)json["status"]);
        Assert.Equal(done.Result!.OutputSha256, (string?)json["outputSha256"]);
        Assert.Equal("alice", (string?)json["requestedBy"]!["id"]);
    }

    [Fact]
    public async Task StatusJson_CarriesVerdictSummaryRowsAndTheStoredOutput()
    {
        await using var h = LifecycleHarness.Create();
        var id = (await h.SayAsync("alice", "vpn-status fw-edge-01")).Messages[0].RequestId!;
        await h.RunNextJobAsync();

        var json = JsonNode.Parse((await h.SayAsync("alice", $"status {id} --json")).Messages[0].Text)!;

        Assert.Equal("problem", (string?)json["verdict"]);
        Assert.Equal("2 of 3 tunnels up — to-dc-02 0/1 selectors up", (string?)json["summary"]);
        var device = json["devices"]![0]!;
        Assert.Equal("problem", (string?)device["verdict"]);
        Assert.True((bool)device["recognised"]!);
        Assert.Equal("name", (string?)device["key"]);
        Assert.Equal(3, (int)device["rowsTotal"]!);
        var first = device["rows"]![0]!;
        Assert.Equal(("problem", "to-dc-02", "0", "1"), ((string?)first["verdict"], (string?)first["name"], (string?)first["selectors_up"], (string?)first["selectors"]));
        Assert.Contains("selectors(total,up): 1/0", (string?)device["output"], StringComparison.Ordinal);
        Assert.True((bool)device["outputRedacted"]!);
    }

    [Fact]
    public async Task ResultCard_LeadsWithTheVerdict_TableFirst_RawOutputOneClickAway()
    {
        await using var h = LifecycleHarness.Create();
        var id = (await h.SayAsync("alice", "vpn-status fw-edge-01")).Messages[0].RequestId!;
        await h.RunNextJobAsync();

        var card = (await h.SayAsync("alice", $"status {id}")).Messages[0];

        Assert.Equal(CardNames.ExecutionResult, card.CardName);
        Assert.StartsWith("Problem: 2 of 3 tunnels up — to-dc-02 0/1 selectors up. ", card.Text, StringComparison.Ordinal);
        var rendered = LifecycleHarness.Render(card);
        Assert.Contains("Problem: 2 of 3 tunnels up — to-dc-02 0/1 selectors up", rendered, StringComparison.Ordinal);
        Assert.Contains("Name · Selectors up · Selectors · Gateway", rendered, StringComparison.Ordinal);
        Assert.Contains("problem · 0 · 1 · 198.51.100.40", rendered, StringComparison.Ordinal);
        Assert.True(
            rendered.IndexOf("Problem: 2 of 3", StringComparison.Ordinal) < rendered.IndexOf("Return code", StringComparison.Ordinal),
            "the verdict leads the card:\n" + rendered);

        // The raw output is in the card but hidden behind "Raw output" (a toggle whose fallback is the rawOutput button).
        var container = FindById(card.Card!, "rawOutput")!;
        Assert.False((bool)container["isVisible"]!);
        var toggle = card.Card!["actions"]!.AsArray().Single(a => (string?)a!["title"] == "Raw output")!;
        Assert.Equal("Action.ToggleVisibility", (string?)toggle["type"]);
        Assert.Equal("rawOutput", (string?)toggle["fallback"]!["verb"]);
        Assert.Equal(id, (string?)toggle["fallback"]!["data"]!["requestId"]);

        var raw = await h.PressAsync("alice", "rawOutput", new JsonObject { ["requestId"] = id });

        var answer = Assert.Single(raw.Messages);
        Assert.True(answer.Ephemeral);
        Assert.StartsWith($"Raw output of {id} (redacted):", answer.Text, StringComparison.Ordinal);
        Assert.Contains("'to-dc-02' 198.51.100.40:0  selectors(total,up): 1/0", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FanOutResultCard_IsOneTableAcrossDevices_ProblemDevicesFirst()
    {
        await using var h = LifecycleHarness.Create();
        var id = (await h.SayAsync("alice", "ospf-fleet-check group=edge-firewalls")).Messages[0].RequestId!;
        await h.RunNextJobAsync();

        var card = (await h.SayAsync("alice", $"status {id}")).Messages[0];

        var rendered = LifecycleHarness.Render(card);
        Assert.Contains("Device · Neighbor id · State · Interface", rendered, StringComparison.Ordinal);
        Assert.Contains("OK: 2 of 2 devices ok", rendered, StringComparison.Ordinal);
        Assert.Contains("fw-edge-01", rendered, StringComparison.Ordinal);
        Assert.Contains("fw-edge-02", rendered, StringComparison.Ordinal);
        Assert.Contains("ok · ", rendered, StringComparison.Ordinal);
    }

    private static JsonObject? FindById(JsonNode? node, string id) => node switch
    {
        JsonObject o when (string?)o["id"] == id => o,
        JsonObject o => o.Select(p => FindById(p.Value, id)).FirstOrDefault(f => f is not null),
        JsonArray a => a.Select(n => FindById(n, id)).FirstOrDefault(f => f is not null),
        _ => null,
    };

    [Fact]
    public async Task RunbookWithoutItsInputs_AnswersWithAFormLimitedToTargetableDevices_AndTheFormRuns()
    {
        await using var h = LifecycleHarness.Create();

        var form = Assert.Single((await h.SayAsync("alice", "interface-counters")).Messages);

        Assert.Equal(CardNames.RequestForm, form.CardName);
        var rendered = ChatNetOps.Conversation.Rendering.PlainTextRenderer.Render(form.Card!);
        var device = Assert.Single(rendered.Inputs, i => i.Id == "device");
        Assert.Equal(h.Catalog.Devices.Count, device.Choices.Count);
        Assert.Contains(rendered.Inputs, i => i.Id == "interface" && i.Required);
        var run = Assert.Single(rendered.Buttons);
        Assert.Equal("run", run.Verb);

        var data = (JsonObject)run.Data.DeepClone();
        data["device"] = "acc-sw-01";
        data["interface"] = "GigabitEthernet1/0/1";
        data["notAnInput"] = "ignored";
        var submitted = await h.PressAsync("alice", "run", data);
        Assert.Equal(CardNames.RequestStatus, submitted.Messages[0].CardName);
        Assert.Equal(RequestStatus.Succeeded, (await h.RunNextJobAsync()).Status);
    }

    [Fact]
    public async Task FormForAGroupRunbook_AsksForTheGroup_AndOffersNoDeviceChoice()
    {
        await using var h = LifecycleHarness.Create();

        var form = Assert.Single((await h.SayAsync("alice", "ospf-fleet-check")).Messages);

        Assert.Equal(CardNames.RequestForm, form.CardName);
        var inputs = ChatNetOps.Conversation.Rendering.PlainTextRenderer.Render(form.Card!).Inputs;
        Assert.Equal(["group"], inputs.Select(i => i.Id));
        Assert.Contains(Assert.Single(inputs).Choices, c => c.Value == "distribution");
    }

    [Fact]
    public async Task FormForStateChangingRunbook_OffersOnlyDevicesTheUserMayTarget()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-7 \"stuck port\"");

        var form = (await h.SayAsync("bob", "bounce-interface")).Messages[0];

        var device = Assert.Single(ChatNetOps.Conversation.Rendering.PlainTextRenderer.Render(form.Card!).Inputs, i => i.Id == "device");
        Assert.All(device.Choices, c => Assert.Contains(h.Catalog.FindDevice(c.Value)!.Groups, g => g is "access" or "distribution"));
        Assert.Contains(device.Choices, c => c.Value == "acc-sw-01");
        Assert.DoesNotContain(device.Choices, c => c.Value == "core-rtr-01");
    }
}
