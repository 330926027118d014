namespace ChatNetOps.Conversation.Tests.Dialog;

using System.Text.Json.Nodes;
using ChatNetOps.Core.Alerts;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// A conversation can hold several open incidents (an alert route's channel gets one per alert group): a typed run is
/// filed under the one incident that covers its device, a change on a device no open incident covers is refused unless
/// it names one, a card's button works for its own incident in any conversation bound to it, and closing an incident
/// cancels what had not started (recorded in its chain before the chat is told).
/// </summary>
public sealed class IncidentBindingTests
{
    private const string Older = "ALR-0672407162";
    private const string Newer = "ALR-8943402807";

    [Fact]
    public async Task AnAlertIncident_DoesNotTakeOverItsChannel_RunsOnOtherDevicesAreNotFiledUnderIt()
    {
        await using var h = LifecycleHarness.Create();
        await AlertIncidentAsync(h, Newer, "fw-edge-02");

        var read = Assert.Single((await h.SayAsync("alice", "verify-ospf device=core-rtr-01")).Messages);
        var change = Assert.Single((await h.SayAsync("carol", "bounce-interface device=acc-sw-03 interface=GigabitEthernet1/0/1")).Messages);

        Assert.NotNull(read.RequestId);
        Assert.Null((await h.Store.GetAsync(read.RequestId!, CancellationToken.None))!.Incident);
        Assert.Null(change.RequestId);
        var text = LifecycleHarness.Render(change);
        Assert.Contains(nameof(DenialReason.MissingIncident), text, StringComparison.Ordinal);
        Assert.Contains($"acc-sw-03 is not a device of {Newer} (fw-edge-02), the incident open here", text, StringComparison.Ordinal);
        Assert.Contains($"incident={Newer} to file it there", text, StringComparison.Ordinal);
        Assert.Null(await h.Locks.GetAsync("acc-sw-03", CancellationToken.None));

        // Named explicitly, it is filed there.
        var named = Assert.Single((await h.SayAsync("carol", $"bounce-interface device=acc-sw-03 interface=GigabitEthernet1/0/1 incident={Newer}")).Messages);
        Assert.Equal(Newer, (await h.Store.GetAsync(named.RequestId!, CancellationToken.None))!.Incident);
    }

    [Fact]
    public async Task WithSeveralIncidents_TheDevicePicksOne_AButtonWorksForAnOlderOne_AndOtherwiseTheyAreListed()
    {
        await using var h = LifecycleHarness.Create();
        await AlertIncidentAsync(h, Older, "dist-sw-02");
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await AlertIncidentAsync(h, Newer, "fw-edge-02");

        // The older alert card's Run button carries its incident: it works in this channel, which is bound to both.
        var pressed = Assert.Single((await h.PressAsync("carol", "run", new JsonObject
        {
            ["runbook"] = "clear-ospf-neighbor",
            ["device"] = "dist-sw-02",
            ["neighbor"] = "198.51.100.2",
            ["incidentId"] = Older,
        })).Messages);
        Assert.NotNull(pressed.RequestId);
        Assert.Equal(Older, (await h.Store.GetAsync(pressed.RequestId!, CancellationToken.None))!.Incident);

        // Typed without a name: the device picks the incident about it.
        var typed = Assert.Single((await h.SayAsync("carol", "verify-ospf device=fw-edge-02")).Messages);
        Assert.Equal(Newer, (await h.Store.GetAsync(typed.RequestId!, CancellationToken.None))!.Incident);

        // A change on a device neither is about: one line listing what to choose from.
        var unrelated = Assert.Single((await h.SayAsync("carol", "bounce-interface device=acc-sw-03 interface=GigabitEthernet1/0/1")).Messages);
        Assert.Null(unrelated.RequestId);
        Assert.Contains($"This channel holds open incidents {Older} (dist-sw-02), {Newer} (fw-edge-02); none is the single one about acc-sw-03.",
            LifecycleHarness.Render(unrelated), StringComparison.Ordinal);

        // Naming an incident this channel is not bound to is refused naming both that are.
        var elsewhere = Assert.Single((await h.SayAsync("carol", "bounce-interface device=acc-sw-03 interface=GigabitEthernet1/0/1 incident=INC-4242")).Messages);
        Assert.Contains($"This channel is bound to {Older}, {Newer}, not INC-4242.", LifecycleHarness.Render(elsewhere), StringComparison.Ordinal);

        // Closing needs the incident's name when there are several; the other stays open.
        var ambiguous = Assert.Single((await h.SayAsync("bob", "incident close \"grafana cpu ok\"")).Messages);
        Assert.Contains($"This conversation holds 2 open incidents ({Older}, {Newer}); name the one to close", LifecycleHarness.Render(ambiguous), StringComparison.Ordinal);
        Assert.DoesNotContain("What would be needed", LifecycleHarness.Render(ambiguous), StringComparison.Ordinal);
        Assert.Equal(IncidentState.Open, (await Incidents(h).GetAsync(Newer, CancellationToken.None))!.State);

        var closed = Assert.Single((await h.SayAsync("bob", $"incident close {Newer} \"grafana cpu ok\"")).Messages);
        Assert.StartsWith($"{Newer} closed by", closed.Text, StringComparison.Ordinal);
        Assert.Equal(IncidentState.Closed, (await Incidents(h).GetAsync(Newer, CancellationToken.None))!.State);
        Assert.Equal(IncidentState.Open, (await Incidents(h).GetAsync(Older, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task ASecondIncident_CanBeOpenedInAChannelThatAlreadyHoldsOne()
    {
        await using var h = LifecycleHarness.Create();
        await AlertIncidentAsync(h, Newer, "fw-edge-02");

        var open = Assert.Single((await h.SayAsync("bob", "incident open INC-5010 \"core outage\"")).Messages);

        Assert.StartsWith("INC-5010 opened by", open.Text, StringComparison.Ordinal);
        var held = await Incidents(h).ListOpenByConversationAsync(ChatPlatform.Console, LifecycleHarness.Conversation, CancellationToken.None);
        Assert.Equal([Newer, "INC-5010"], held.Select(i => i.Id));
    }

    [Fact]
    public async Task ClosedIncidentCard_ShowsTheResolutionNote_AndWhoClosedIt()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");

        var close = LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", "incident close \"Replaced the SFP on acc-sw-01\"")).Messages));
        var shown = LifecycleHarness.Render(Assert.Single((await h.SayAsync("alice", "incident show INC-4242")).Messages));

        foreach (var card in new[] { close, shown })
        {
            Assert.Contains("Resolution: Replaced the SFP on acc-sw-01", card, StringComparison.Ordinal);
            Assert.Contains("by Bob Brandt", card, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ClosingAnIncident_CancelsWhatHadNotStarted_ReleasesTheLock_RecordsItFirst_AndUpdatesTheCard()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        var asked = await h.SayAsync("bob", "clear-ospf-neighbor device=dist-sw-02 neighbor=198.51.100.226");
        var requestId = Assert.Single(asked.Messages).RequestId!;
        var cardId = await h.PostAsync(asked);
        await h.RunNextJobAsync(); // the pre-check finds the neighbour; the request waits for a second engineer
        await h.DrainResultsAsync();
        Assert.Equal(RequestStatus.AwaitingApproval, (await h.Store.GetAsync(requestId, CancellationToken.None))!.Status);

        h.Time.Advance(TimeSpan.FromSeconds(5));
        var close = Assert.Single((await h.SayAsync("bob", "incident close \"grafana cpu ok\"")).Messages);

        Assert.Contains($"Cancelled because the incident closed (nothing was run): {requestId} (clear-ospf-neighbor on dist-sw-02).", close.Text, StringComparison.Ordinal);
        var cancelled = (await h.Store.GetAsync(requestId, CancellationToken.None))!;
        Assert.Equal((RequestStatus.Cancelled, IncidentService.ClosedReason), (cancelled.Status, cancelled.StatusReason));
        Assert.Null(await h.Locks.GetAsync("dist-sw-02", CancellationToken.None));

        var chain = await h.EventsAsync("INC-4242");
        var closedAt = chain.FindIndex(e => e.Kind == AuditKind.IncidentClosed);
        var cancelledAt = chain.FindIndex(e => e.Kind == AuditKind.Cancelled && e.RequestId == requestId);
        Assert.True(closedAt >= 0 && cancelledAt > closedAt, "the cancellation follows the close in the incident's chain");
        Assert.Equal(("AwaitingApproval", "incident closed"), (chain[cancelledAt].Details["previousStatus"], chain[cancelledAt].Details["reason"]));
        Assert.Contains(chain, e => e.Kind == AuditKind.LockReleased && e.RequestId == requestId);

        // Ten seconds later an approval comes too late: nothing runs.
        h.Time.Advance(TimeSpan.FromSeconds(10));
        var late = Assert.Single((await h.SayAsync("carol", $"approve {requestId}")).Messages);
        Assert.Contains("is not waiting for a decision any more", LifecycleHarness.Render(late), StringComparison.Ordinal);
        Assert.False(await h.HasJobAsync());
        Assert.DoesNotContain(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.Approved);

        // The card is updated in place from the announcement.
        await h.DrainResultsAsync();
        var update = h.Console.Posts.Last(p => p.Update && p.MessageId == cardId);
        Assert.Contains("Cancelled: INC-4242 was closed. Nothing was run.", LifecycleHarness.Render(update.Message), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARunningChange_FinishesAndIsRecorded_WhenItsIncidentCloses()
    {
        await using var h = LifecycleHarness.Create();
        var request = await h.AwaitApprovalAsync();
        await h.ApproveAsync(request.Id);
        var lease = await h.Jobs.ReceiveAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(lease);

        // Queued (approved) but not running yet is still pending: close cancels it and the worker's claim then fails.
        await h.SayAsync("bob", "incident close \"restored\"");
        await h.Runner.ProcessAsync(lease, CancellationToken.None);

        var after = (await h.Store.GetAsync(request.Id, CancellationToken.None))!;
        Assert.Equal(RequestStatus.Cancelled, after.Status);
        Assert.DoesNotContain(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.Started && e.RequestId == request.Id);
    }

    [Fact]
    public async Task AnApproval_OfARequestWhoseIncidentIsClosed_IsRefused()
    {
        await using var h = LifecycleHarness.Create();
        var request = await h.AwaitApprovalAsync();

        // The incident closes by a path that left the request waiting (a race with close's cancellation): defence in depth.
        var incident = (await Incidents(h).GetAsync("INC-4242", CancellationToken.None))!;
        Assert.NotNull(await Incidents(h).TryReplaceAsync(
            incident with { State = IncidentState.Closed, ClosedAt = h.Time.GetUtcNow(), ClosedBy = LifecycleHarness.Person("bob") }, incident.ETag!, CancellationToken.None));

        var answer = Assert.Single((await h.SayAsync("carol", $"approve {request.Id}")).Messages);

        var text = LifecycleHarness.Render(answer);
        Assert.Contains(nameof(DenialReason.IncidentClosed), text, StringComparison.Ordinal);
        Assert.Contains($"{request.Id} belongs to INC-4242, which bob closed", text, StringComparison.Ordinal);
        Assert.Equal(RequestStatus.AwaitingApproval, (await h.Store.GetAsync(request.Id, CancellationToken.None))!.Status);
        Assert.False(await h.HasJobAsync());
    }

    [Fact]
    public async Task AChangeInAnUnboundChannel_IsToldAboutTheChannel_NotARoleThatWouldBeRefusedToo()
    {
        await using var h = LifecycleHarness.Create();
        var unbound = new ConversationRef(ChatPlatform.Slack, "C0RANDOM01", ChannelKind.Group);

        var answer = Assert.Single((await h.SayAsync("U0BOB000002", "bounce-interface device=acc-sw-03 interface=GigabitEthernet1/0/1", unbound)).Messages);

        var text = LifecycleHarness.Render(answer);
        Assert.DoesNotContain("one of the roles", text, StringComparison.Ordinal);
        Assert.Contains("run it in the incident's channel, or bind this one with 'incident open INC-", text, StringComparison.Ordinal);
    }

    /// <summary>An incident as the alert processor opens it: bound to the route's conversation, with its alert group's device.</summary>
    private static async Task AlertIncidentAsync(LifecycleHarness h, string id, string device)
    {
        var now = h.Time.GetUtcNow();
        var groupKey = "group-" + id;
        var alert = new TrackedAlert("fp-" + id, AlertStatus.Firing, now, null, new Dictionary<string, string> { ["alertname"] = "HighCpu" }) { Device = device };
        var group = new AlertGroup(AlertSource.Grafana, groupKey, "noc", now)
        {
            IncidentId = id,
            Alerts = new Dictionary<string, TrackedAlert>(StringComparer.Ordinal) { [alert.Fingerprint] = alert },
            UpdatedAt = now,
        };
        Assert.NotNull(await h.Services.GetRequiredService<IAlertGroupStore>().TryCreateAsync(group, CancellationToken.None));
        var conversation = LifecycleHarness.ConsoleConversation() with { Kind = ChannelKind.Incident, BoundTo = id };
        var incident = new Incident(id, $"HighCpu on {device}", 3, IncidentState.Open, new Actor(ChatPlatform.Console, "alert:grafana", "alert:grafana"), now)
        {
            Conversations = [conversation],
            AlertGroups = [new AlertGroupRef(AlertSource.Grafana, groupKey)],
        };
        Assert.NotNull(await Incidents(h).TryCreateAsync(incident, CancellationToken.None));
    }

    private static IIncidentStore Incidents(LifecycleHarness h) => h.Services.GetRequiredService<IIncidentStore>();
}
