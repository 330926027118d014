namespace ChatNetOps.Conversation.Tests.Dialog;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

/// <summary><c>incident attach R-…</c> (issue 17): a read-only run done before the incident joins its story and its chain.</summary>
public sealed class IncidentAttachTests
{
    [Fact]
    public async Task ARunDoneBeforeTheIncident_IsAttachedOnce_ByItsRequester_AndTheChainRecordsIt()
    {
        await using var h = LifecycleHarness.Create();
        var id = (await h.SayAsync("bob", "verify-ospf device=dist-sw-01")).Messages[0].RequestId!;
        Assert.Equal(RequestStatus.Succeeded, (await h.RunNextJobAsync()).Status);
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");

        var carol = Assert.Single((await h.SayAsync("carol", $"incident attach {id}")).Messages);
        Assert.Contains("only they, or someone who may manage incidents here, can attach it", LifecycleHarness.Render(carol), StringComparison.Ordinal);

        var answer = Assert.Single((await h.SayAsync("bob", $"incident attach {id.ToLowerInvariant()}")).Messages);
        Assert.StartsWith($"{id} (verify-ospf on dist-sw-01) is now part of INC-4242.", answer.Text, StringComparison.Ordinal);
        Assert.Equal("INC-4242", (await h.Store.GetAsync(id, CancellationToken.None))!.Incident);

        var again = Assert.Single((await h.SayAsync("bob", $"incident attach {id}")).Messages);
        Assert.Contains($"{id} is already part of INC-4242.", LifecycleHarness.Render(again), StringComparison.Ordinal);

        var attached = Assert.Single(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.RunAttached);
        Assert.Equal(id, attached.Details["requestId"]);
        Assert.Equal("dist-sw-01", attached.Details["targets"]);
        Assert.Equal("bob", attached.Actor.MemberId);
        Assert.True((await new AuditVerifier(h.Audit).VerifyAsync("INC-4242", CancellationToken.None)).IsIntact);

        // The export is built from the incident's chain, where the run is only its RunAttached event: it is there, and agrees with its row.
        var timeline = await h.Services.GetRequiredService<IncidentTimelineBuilder>().BuildAsync("INC-4242", null, CancellationToken.None);
        var run = Assert.Single(timeline.Runs);
        Assert.Equal((id, "verify-ospf", RequestStatus.Succeeded, 0), (run.Id, run.Runbook, run.Status, run.ReturnCode));
        Assert.Empty(timeline.Discrepancies);
    }

    [Fact]
    public async Task AStateChangingRun_OrOutsideAnIncident_IsNotAttached()
    {
        await using var h = LifecycleHarness.Create();
        var read = (await h.SayAsync("bob", "verify-ospf device=dist-sw-01")).Messages[0].RequestId!;
        await h.RunNextJobAsync();

        var unbound = Assert.Single((await h.SayAsync("bob", $"incident attach {read}")).Messages);
        Assert.Contains("not bound to an open incident", LifecycleHarness.Render(unbound), StringComparison.Ordinal);

        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        var change = (await h.SayAsync("bob", "clear-ospf-neighbor device=dist-sw-01 neighbor=198.51.100.167")).Messages[0].RequestId!;
        var refused = Assert.Single((await h.SayAsync("bob", $"incident attach {change}")).Messages);
        Assert.Contains("is a state-changing run", LifecycleHarness.Render(refused), StringComparison.Ordinal);
        Assert.DoesNotContain(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.RunAttached);
    }

    [Fact]
    public async Task Close_AsksForAResolutionNote_ThenRecordsItInTheIncidentAndItsChain()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");

        var asked = Assert.Single((await h.SayAsync("bob", "incident close")).Messages);
        Assert.Equal("INC-4242 is still open: closing it needs a resolution note for the record and the export. Say: incident close \"what resolved it\"", asked.Text);
        Assert.DoesNotContain(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.IncidentClosed);

        var closed = Assert.Single((await h.SayAsync("bob", "incident close \"flapping optic on Ethernet1/1 replaced\"")).Messages);
        Assert.StartsWith("INC-4242 closed by", closed.Text, StringComparison.Ordinal);
        var incident = await h.Services.GetRequiredService<IIncidentStore>().GetAsync("INC-4242", CancellationToken.None);
        Assert.Equal(IncidentState.Closed, incident!.State);
        Assert.Equal("flapping optic on Ethernet1/1 replaced", incident.Resolution);
        Assert.Equal("flapping optic on Ethernet1/1 replaced", Assert.Single(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.IncidentClosed).Details["resolution"]);

        // The export's record comes from the IncidentClosed event, not the row: a row edited afterwards is named.
        var builder = h.Services.GetRequiredService<IncidentTimelineBuilder>();
        var timeline = await builder.BuildAsync("INC-4242", null, CancellationToken.None);
        Assert.Equal("flapping optic on Ethernet1/1 replaced", timeline.Record!.Resolution);
        Assert.Empty(timeline.Discrepancies);
        var store = h.Services.GetRequiredService<IIncidentStore>();
        Assert.NotNull(await store.TryReplaceAsync(incident with { Resolution = "nothing happened" }, incident.ETag!, CancellationToken.None));
        var forged = await builder.BuildAsync("INC-4242", null, CancellationToken.None);
        Assert.Equal("flapping optic on Ethernet1/1 replaced", forged.Record!.Resolution);
        var difference = Assert.Single(forged.Discrepancies);
        Assert.Equal(("resolution", "nothing happened", "flapping optic on Ethernet1/1 replaced"), (difference.Field, difference.Stored, difference.Chain));
    }
}
