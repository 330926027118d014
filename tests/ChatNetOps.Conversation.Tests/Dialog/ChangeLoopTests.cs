namespace ChatNetOps.Conversation.Tests.Dialog;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Checks;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Parsing;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Issue 17, through the dialog on the lab devices: look after a change (post-check under its lock, retried within its
/// window), compare, offer the way back (rollback runbook, confirmed by a second engineer, re-verified), and offer the
/// next safe step only to whom may run it.
/// </summary>
public sealed class ChangeLoopTests
{
    [Fact]
    public async Task Regression_OffersRollback_ConfirmedByAnotherEngineer_RunsUnderTheIncident_AndIsReVerified()
    {
        var time = new RetryWatchingTimeProvider(TimeSpan.FromSeconds(10));
        await using var h = LifecycleHarness.Create(services =>
        {
            services.AddSingleton<TimeProvider>(time);
            ErrDisablingPort.Install(services);
        });
        await h.OpenIncidentAsync();

        var asked = await h.SayAsync("bob", "bounce-interface device=acc-sw-01 interface=GigabitEthernet1/0/1");
        var change = Assert.Single(asked.Messages).RequestId!;
        await h.SayAsync("carol", $"approve {change}");
        var done = await RunAdvancingAsync(h, time);

        // The bounce itself went through, but the port is down again: the post-check retried for its 30 s window and failed.
        Assert.Equal(RequestStatus.Succeeded, done.Status);
        var post = done.PostCheck!;
        Assert.False(post.Passed);
        Assert.Equal(4, post.Attempts);
        Assert.Equal(ChangeOutcome.Regressions, ChangeOutcome.Label(done));
        Assert.Equal(64, post.OutputSha256.Length);

        await h.DrainResultsAsync();
        var result = LastResultCard(h, change);
        var text = LifecycleHarness.Render(result);
        Assert.Contains("Completed with regressions", text, StringComparison.Ordinal);
        Assert.Contains("interface up again", text, StringComparison.Ordinal);
        Assert.Contains("GigabitEthernet1/0/1", text, StringComparison.Ordinal);
        Assert.Contains("rollback", Verbs(result));

        // The post-check and its output hash are in the incident's chain with the change.
        var checkedEvent = Assert.Single(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.PostCheckFailed && e.RequestId == change);
        Assert.Equal(post.OutputSha256, checkedEvent.Details["outputSha256"]);
        Assert.Equal("false", checkedEvent.Details["passed"]);

        // Bob asks to roll back; he may not confirm his own rollback; Carol confirms it.
        var rollbackAsked = Assert.Single((await h.PressAsync("bob", "rollback", new JsonObject { ["requestId"] = change })).Messages);
        var rollbackId = rollbackAsked.RequestId!;
        Assert.Contains($"Rollback confirmation: roll back {change} with enable-interface", LifecycleHarness.Render(rollbackAsked), StringComparison.Ordinal);
        var rollback = (await h.Store.GetAsync(rollbackId, CancellationToken.None))!;
        Assert.Equal((RequestStatus.AwaitingApproval, "enable-interface", change, "INC-4242"), (rollback.Status, rollback.Runbook, rollback.RollbackOf, rollback.Incident));
        Assert.Equal(DecisionKind.RollbackConfirmation, DecisionSubject.Of(rollback).Kind);
        Assert.Equal("GigabitEthernet1/0/1", rollback.Inputs["interface"]);

        var self = Assert.Single((await h.SayAsync("bob", $"approve {rollbackId}")).Messages);
        Assert.Contains($"You requested {rollbackId}", LifecycleHarness.Render(self), StringComparison.Ordinal);
        Assert.Equal(RequestStatus.AwaitingApproval, (await h.Store.GetAsync(rollbackId, CancellationToken.None))!.Status);

        await h.SayAsync("carol", $"approve {rollbackId}");
        var rolledBack = await RunAdvancingAsync(h, time);
        Assert.Equal(RequestStatus.Succeeded, rolledBack.Status);
        Assert.True(rolledBack.PostCheck!.Passed);
        Assert.Equal(ChangeOutcome.Verified, ChangeOutcome.Label(rolledBack));

        await h.DrainResultsAsync();
        var rollbackResult = LifecycleHarness.Render(LastResultCard(h, rollbackId));
        Assert.Contains("Succeeded — verified", rollbackResult, StringComparison.Ordinal);
        Assert.Contains($"Rollback of {change}", rollbackResult, StringComparison.Ordinal);

        var events = await h.EventsAsync("INC-4242");
        Assert.Equal(change, Assert.Single(events, e => e.Kind == AuditKind.Requested && e.RequestId == rollbackId).Details["rollbackOf"]);
        Assert.Equal("RollbackConfirmation", Assert.Single(events, e => e.Kind == AuditKind.ApprovalRequested && e.RequestId == rollbackId).Details["decisionKind"]);
        Assert.Equal("true", Assert.Single(events, e => e.Kind == AuditKind.PostCheckPassed && e.RequestId == rollbackId).Details["passed"]);
        var undone = Assert.Single(events, e => e.Kind == AuditKind.RolledBack);
        Assert.Equal((change, "bounce-interface", rollbackId, "true"), (undone.RequestId, undone.Runbook, undone.Details["rollbackRequest"], undone.Details["verified"]));
        Assert.True((await new AuditVerifier(h.Audit).VerifyAsync("INC-4242", CancellationToken.None)).IsIntact);

        // The chain-built export carries the before/after evidence and who undid what.
        var timeline = await h.Services.GetRequiredService<IncidentTimelineBuilder>().BuildAsync("INC-4242", null, CancellationToken.None);
        var changeRun = Assert.Single(timeline.Runs, r => r.Id == change);
        var after = Assert.Single(changeRun.Checks);
        Assert.Equal(("after", "interface-counters", false, post.OutputSha256, 4), (after.Phase, after.Runbook, after.Passed, after.OutputSha256, after.Attempts));
        Assert.Equal(rollbackId, changeRun.RolledBackBy);
        var rollbackRun = Assert.Single(timeline.Runs, r => r.Id == rollbackId);
        Assert.Equal((change, true), (rollbackRun.RollbackOf, Assert.Single(rollbackRun.Checks).Passed));
        Assert.Empty(timeline.Discrepancies);
    }

    [Fact]
    public async Task AChangeThatHeld_IsVerified_AndOffersNoRollback_AndARollbackCannotBeForged()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();
        var change = Assert.Single((await h.SayAsync("bob", "bounce-interface device=acc-sw-01 interface=GigabitEthernet1/0/2")).Messages).RequestId!;
        await h.SayAsync("carol", $"approve {change}");

        var done = await h.RunNextJobAsync();
        Assert.Equal(ChangeOutcome.Verified, ChangeOutcome.Label(done));
        Assert.Equal(1, done.PostCheck!.Attempts);
        await h.DrainResultsAsync();
        var result = LastResultCard(h, change);
        Assert.Contains("Succeeded — verified", LifecycleHarness.Render(result), StringComparison.Ordinal);
        Assert.DoesNotContain("rollback", Verbs(result));

        var refused = Assert.Single((await h.PressAsync("bob", "rollback", new JsonObject { ["requestId"] = change })).Messages);
        Assert.Contains("nothing to roll back", LifecycleHarness.Render(refused), StringComparison.Ordinal);
        Assert.False(await h.HasJobAsync());
    }

    [Fact]
    public async Task NextStep_ForANeighbourStuckInInit_IsOfferedOnlyToWhoMayRunIt_AndRunsWithTheRowsInterface()
    {
        // A copy of the shipped inventory where NOC engineers (alice) may run verify-ospf but not interface-counters.
        using var inventory = CopyInventory();
        var policy = Path.Combine(inventory.Path, "policy.yaml");
        var text = await File.ReadAllTextAsync(policy);
        const string NocGrant = "  - role: noc-engineer\n    actions: [run]\n    runbooks: [verify-ospf, ospf-fleet-check, interface-counters,";
        Assert.Contains(NocGrant, text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(policy, text.Replace(NocGrant, "  - role: noc-engineer\n    actions: [run]\n    runbooks: [verify-ospf, ospf-fleet-check,", StringComparison.Ordinal));
        var time = new RetryWatchingTimeProvider(TimeSpan.FromSeconds(10));
        await using var h = LifecycleHarness.Create(
            services => services.AddSingleton<TimeProvider>(time),
            new Dictionary<string, string?> { ["Inventory:Path"] = inventory.Path, ["Lab:OspfRecovery"] = "00:01:30" });

        // Reset one neighbour and look while it is re-forming: the clear's post-check gives up after 60 s (a regression),
        // at two thirds of the 90 s recovery, when the neighbour is in INIT.
        await h.SayAsync("bob", "verify-ospf device=dist-sw-01");
        var before = await h.RunNextJobAsync();
        var neighbour = before.Result!.Devices[0].Parsed!.Rows[0].Values;
        await h.OpenIncidentAsync();
        var clear = await h.SayAndPreCheckAsync("bob", $"clear-ospf-neighbor device=dist-sw-01 neighbor={neighbour["neighbor_id"]}");
        await h.SayAsync("carol", $"approve {clear}");
        Assert.Equal(ChangeOutcome.Regressions, ChangeOutcome.Label(await RunAdvancingAsync(h, time)));
        await h.DrainResultsAsync();

        var bobs = Assert.Single((await h.SayAsync("bob", "verify-ospf device=dist-sw-01")).Messages).RequestId!;
        var bobsRun = await h.RunNextJobAsync();
        Assert.Contains(bobsRun.Result!.Devices[0].Parsed!.Rows, r => r.Values["state"] == "INIT");
        var alices = Assert.Single((await h.SayAsync("alice", "verify-ospf device=dist-sw-01")).Messages).RequestId!;
        await h.RunNextJobAsync();
        await h.DrainResultsAsync();

        var offered = LastResultCard(h, bobs);
        Assert.Equal(["next"], Verbs(offered).Where(v => v == "next"));
        // The row's interface ("Eth1/1") is offered as the runbook input validates it: the platform's full spelling.
        var offeredInterface = ChatNetOps.Core.Inventory.InterfaceNames.Normalise(ChatNetOps.Core.Inventory.Platform.CiscoNxos, neighbour["interface"]);
        Assert.Contains($"Interface counters: dist-sw-01 {offeredInterface}", LifecycleHarness.Render(offered), StringComparison.Ordinal);
        Assert.DoesNotContain("next", Verbs(LastResultCard(h, alices)));

        // Alice pressing Bob's button is refused by her grant; Bob's press runs interface-counters on the row's interface.
        var aliceRefused = Assert.Single((await h.PressAsync("alice", "next", new JsonObject { ["requestId"] = bobs, ["next"] = 0 })).Messages);
        Assert.Null(aliceRefused.RequestId);
        Assert.False(await h.HasJobAsync());
        var next = Assert.Single((await h.PressAsync("bob", "next", new JsonObject { ["requestId"] = bobs, ["next"] = 0 })).Messages).RequestId!;
        var counters = await h.RunNextJobAsync();
        Assert.Equal((next, "interface-counters", offeredInterface), (counters.Id, counters.Runbook, counters.Inputs["interface"]));

        var forged = Assert.Single((await h.PressAsync("bob", "next", new JsonObject { ["requestId"] = bobs, ["next"] = 7 })).Messages);
        Assert.Contains("offers no such next step", LifecycleHarness.Render(forged), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StandaloneVerifyOspf_WhileAClearedNeighbourReforms_SaysItIsNotFull_AsTheClearsPostCheckDid()
    {
        // A 3 min recovery: the clear's post-check gives up at 60 s, a third of the way, and verify-ospf looks then.
        var time = new RetryWatchingTimeProvider(TimeSpan.FromSeconds(10));
        await using var h = LifecycleHarness.Create(
            services => services.AddSingleton<TimeProvider>(time),
            new Dictionary<string, string?> { ["Lab:OspfRecovery"] = "00:03:00" });
        await h.SayAsync("bob", "verify-ospf device=dist-sw-01");
        var before = (await h.RunNextJobAsync()).Result!.Devices[0].Parsed!;
        Assert.Equal(Verdict.Ok, before.Verdict);
        var total = before.Rows.Count;
        var neighbour = before.Rows[0].Values["neighbor_id"];

        await h.OpenIncidentAsync();
        var clear = await h.SayAndPreCheckAsync("bob", $"clear-ospf-neighbor device=dist-sw-01 neighbor={neighbour}");
        await h.SayAsync("carol", $"approve {clear}");
        var done = await RunAdvancingAsync(h, time);
        Assert.False(done.PostCheck!.Passed);
        Assert.Equal(ChangeOutcome.Regressions, ChangeOutcome.Label(done));

        await h.SayAsync("bob", "verify-ospf device=dist-sw-01");
        var during = (await h.RunNextJobAsync()).Result!.Devices[0].Parsed!;

        // The cleared neighbour is in the table, not FULL, and the verdict says so (not "all up" with it missing).
        Assert.Equal(Verdict.Problem, during.Verdict);
        Assert.Equal(total, during.Rows.Count);
        Assert.StartsWith($"{total - 1}/{total} neighbours up — {neighbour} ", during.Summary, StringComparison.Ordinal);
        var row = Assert.Single(during.Rows, r => r.Values["neighbor_id"] == neighbour);
        Assert.Contains(row.Values["state"], new[] { "DOWN", "INIT" });
    }

    /// <summary>Runs the next job, moving the clock on by one retry interval whenever the post-check waits to try again.</summary>
    private static async Task<RunRequest> RunAdvancingAsync(LifecycleHarness h, RetryWatchingTimeProvider time)
    {
        var job = h.RunNextJobAsync();
        while (!job.IsCompleted)
        {
            if (await Task.WhenAny(job, time.Retrying.WaitAsync(TimeSpan.FromSeconds(30))) is Task<bool> { Result: true })
            {
                time.Advance(time.Interval);
            }
        }

        return await job;
    }

    /// <summary>
    /// A fake clock that says when code under test starts a one-shot wait of exactly <see cref="Interval"/> (the
    /// post-check's <c>every_seconds</c>), so the test moves time on only once the retry has begun waiting.
    /// </summary>
    private sealed class RetryWatchingTimeProvider(TimeSpan interval) : TimeProvider
    {
        private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _fake = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

        public TimeSpan Interval { get; } = interval;

        public SemaphoreSlim Retrying { get; } = new(0);

        public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

        public override long GetTimestamp() => _fake.GetTimestamp();

        public override long TimestampFrequency => _fake.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = _fake.CreateTimer(callback, state, dueTime, period);
            if (dueTime == Interval && period == Timeout.InfiniteTimeSpan)
            {
                Retrying.Release();
            }

            return timer;
        }

        public void Advance(TimeSpan delta) => _fake.Advance(delta);
    }

    private static OutboundMessage LastResultCard(LifecycleHarness h, string requestId) =>
        h.Console.Posts.Select(p => p.Message).Last(m => m.RequestId == requestId && m.CardName == "execution-result");

    private static List<string> Verbs(OutboundMessage message) =>
        [.. (message.Card!["actions"] as JsonArray ?? []).OfType<JsonObject>().Select(a => a["verb"]?.GetValue<string>()).OfType<string>()];

    private static TempDirectory CopyInventory()
    {
        var directory = new TempDirectory();
        var source = InventoryPaths.Resolve("inventory");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(directory.Path, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return directory;
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("chatnetops-inventory-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    /// <summary>
    /// The lab executor with one fault of a real port: right after bounce-interface brings it up it err-disables again (a
    /// flapping optic), so the post-check finds it down. Everything else is the lab as shipped.
    /// </summary>
    private sealed class ErrDisablingPort(IDeviceExecutor lab) : IDeviceExecutor
    {
        public Transport Transport => lab.Transport;

        public static void Install(IServiceCollection services)
        {
            var registration = services.Single(d => d.ServiceType == typeof(IDeviceExecutor) && d.ImplementationType?.Name == "LabExecutor");
            services.Remove(registration);
            services.AddSingleton<IDeviceExecutor>(sp => new ErrDisablingPort((IDeviceExecutor)ActivatorUtilities.CreateInstance(sp, registration.ImplementationType!)));
        }

        public async Task<DeviceRunResult> ExecuteAsync(DeviceCommandPlan plan, CancellationToken cancellationToken)
        {
            var result = await lab.ExecuteAsync(plan, cancellationToken);
            if (plan.Runbook == "bounce-interface")
            {
                await lab.ExecuteAsync(plan with { Commands = ["configure terminal", $"interface {plan.Inputs["interface"]}", "shutdown", "end"] }, cancellationToken);
            }

            return result;
        }
    }
}
