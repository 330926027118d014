namespace ChatNetOps.Execution.Tests.ChangeLoop;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Checks;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.Ssh;
using ChatNetOps.Execution.Tests.Ssh;
using ChatNetOps.Testing.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

/// <summary>
/// Issue 17's change loop through the dialog layer on the SSH device simulator: the shipped inventory with
/// dist-sw-01 served by tests/device-sim/device-sim.py behind real OpenSSH on 127.0.0.1 (an NX-OS user of the shared
/// <see cref="SshdFixture"/>), the real <see cref="SshExecutor"/> and the shipped runbooks. Pre-checks, changes,
/// post-checks and rollbacks all reach the device over SSH; the simulator's state (OSPF neighbours a clear drops to
/// INIT, interfaces shut and enabled) is what the checks judge; a change can be held on the device mid-run
/// (<c>pause-on</c>) while a window closes or severity confirmations race. The bot's clock is fake (post-check retries
/// and change-window times move when the test says); only SSH runs on real time.
/// </summary>
[Collection(SshdCollection.Name)]
public sealed class SimChangeLoopTests(SshdFixture sshd)
{
    private const string Window = "chg-window";
    private const string Bounce = "bounce-interface device=dist-sw-01 interface=Ethernet1/5 incident=INC-4242";

    private static ConversationRef WindowChannel => LifecycleHarness.ConsoleConversation(Window);

    [Fact]
    public async Task PreCheck_ForANeighbourTheSwitchDoesNotList_RefusesWithTheEvidence_AndTheClearNeverReachesTheDevice()
    {
        await using var s = await SimLoop.StartAsync(sshd);
        await s.H.OpenIncidentAsync();

        var asked = await s.H.SayAsync("bob", "clear-ospf-neighbor device=dist-sw-01 neighbor=10.255.0.99");
        var id = Assert.Single(asked.Messages).RequestId!;
        Assert.Contains("Pre-check verify-ospf is looking at dist-sw-01 first", LifecycleHarness.Render(asked.Messages[0]), StringComparison.Ordinal);
        await s.H.PostAsync(asked);

        var refused = await s.H.RunNextJobAsync();
        Assert.Equal(RequestStatus.Denied, refused.Status);
        Assert.False(refused.PreCheck!.Passed);
        Assert.Contains("neighbour is there: no row where neighbor_id == input_neighbor or address == input_neighbor", refused.StatusReason, StringComparison.Ordinal);
        // The evidence is what the switch does list, read over SSH.
        Assert.Equal(["10.255.0.11", "10.255.0.12"], refused.PreCheck.Rows.Select(r => r.Values["neighbor_id"]));
        Assert.Null(await s.H.Locks.GetAsync("dist-sw-01", CancellationToken.None));
        Assert.False(await s.H.HasJobAsync());

        await s.H.DrainResultsAsync();
        var card = LifecycleHarness.Render(s.H.Console.Posts.Last(p => p.Message.RequestId == id).Message);
        Assert.Contains("Refused: the pre-check failed", card, StringComparison.Ordinal);
        Assert.Contains("10.255.0.11", card, StringComparison.Ordinal);

        Assert.Contains("show ip ospf neighbors", s.Sim.SimLog, StringComparison.Ordinal);
        Assert.DoesNotContain("clear ip ospf", s.Sim.SimLog, StringComparison.Ordinal);
        var check = Assert.Single(await s.H.EventsAsync("INC-4242"), e => e.Kind == AuditKind.PreChecked && e.RequestId == id);
        Assert.Equal(("false", 64), (check.Details["passed"], check.Details["outputSha256"].Length));
    }

    [Fact]
    public async Task ClearedNeighbour_SeenInInitThenFull_IsVerified_AfterTheApprovalCardShowedItThere()
    {
        await using var s = await SimLoop.StartAsync(sshd, "ospf-recover-looks 1");
        await s.H.OpenIncidentAsync();

        var asked = await s.H.SayAsync("bob", "clear-ospf-neighbor device=dist-sw-01 neighbor=10.2.0.11");
        var id = Assert.Single(asked.Messages).RequestId!;
        await s.H.PostAsync(asked);
        var waiting = await s.H.RunNextJobAsync();
        Assert.Equal(RequestStatus.AwaitingApproval, waiting.Status);
        await s.H.DrainResultsAsync();
        var approval = LifecycleHarness.Render(s.H.Console.Posts.Last(p => p.Message.RequestId == id).Message);
        Assert.Contains("verify-ospf on dist-sw-01: passed", approval, StringComparison.Ordinal);
        Assert.Contains("10.255.0.11", approval, StringComparison.Ordinal);

        await s.H.SayAsync("carol", $"approve {id}");
        var done = await s.RunAdvancingAsync();

        // The first look after the clear found it in INIT; ten (fake) seconds later it was FULL.
        Assert.Equal(RequestStatus.Succeeded, done.Status);
        Assert.Equal((true, 2), (done.PostCheck!.Passed, done.PostCheck.Attempts));
        Assert.Equal(ChangeOutcome.Verified, ChangeOutcome.Label(done));
        Assert.Contains("command clear ip ospf neighbor 10.2.0.11", s.Sim.SimLog, StringComparison.Ordinal);
        await s.H.DrainResultsAsync();
        Assert.Contains("Succeeded — verified", LifecycleHarness.Render(LastResultCard(s.H, id)), StringComparison.Ordinal);
        Assert.Single(await s.H.EventsAsync("INC-4242"), e => e.Kind == AuditKind.PostCheckPassed && e.RequestId == id);
    }

    [Fact]
    public async Task ANeighbourThatNeverReforms_IsACompletedChangeWithRegressions_AfterTheWholeRetryWindow()
    {
        await using var s = await SimLoop.StartAsync(sshd, "ospf-recover never");
        var awaiting = await AskClearAsync(s, "10.255.0.12");
        await s.H.SayAsync("carol", $"approve {awaiting}");
        var done = await s.RunAdvancingAsync();

        Assert.Equal(RequestStatus.Succeeded, done.Status);
        var post = done.PostCheck!;
        // Looked at 0, 10, … 60 s (every_seconds 10 within_seconds 60), never listed again.
        Assert.Equal((false, 7), (post.Passed, post.Attempts));
        Assert.Contains("neighbour FULL again: no row where", post.Summary, StringComparison.Ordinal);
        Assert.Equal(ChangeOutcome.Regressions, ChangeOutcome.Label(done));
        await s.H.DrainResultsAsync();
        var result = LastResultCard(s.H, awaiting);
        Assert.Contains("Completed with regressions", LifecycleHarness.Render(result), StringComparison.Ordinal);
        // A clear has no rollback runbook: nothing is offered that could not undo it.
        Assert.DoesNotContain("rollback", Verbs(result));
        Assert.Equal("false", Assert.Single(await s.H.EventsAsync("INC-4242"), e => e.Kind == AuditKind.PostCheckFailed && e.RequestId == awaiting).Details["passed"]);
    }

    [Fact]
    public async Task BounceThatLeavesThePortDown_OffersRollback_ConfirmedBySecondEngineer_RunsOverSsh_AndIsReVerified()
    {
        await using var s = await SimLoop.StartAsync(sshd, "err-disable-once ethernet1/5");
        await s.H.OpenIncidentAsync();

        var change = Assert.Single((await s.H.SayAsync("bob", "bounce-interface device=dist-sw-01 interface=Ethernet1/5")).Messages).RequestId!;
        await s.H.SayAsync("carol", $"approve {change}");
        var done = await s.RunAdvancingAsync();

        Assert.Equal(RequestStatus.Succeeded, done.Status);
        Assert.Equal((false, 4), (done.PostCheck!.Passed, done.PostCheck.Attempts));
        Assert.Equal(ChangeOutcome.Regressions, ChangeOutcome.Label(done));
        Assert.Contains("err-disabled ethernet1/5", s.Sim.SimLog, StringComparison.Ordinal);
        await s.H.DrainResultsAsync();
        var result = LastResultCard(s.H, change);
        Assert.Contains("Completed with regressions", LifecycleHarness.Render(result), StringComparison.Ordinal);
        Assert.Contains("interface up again", LifecycleHarness.Render(result), StringComparison.Ordinal);
        Assert.Contains("rollback", Verbs(result));

        var rollbackAsked = Assert.Single((await s.H.PressAsync("bob", "rollback", new JsonObject { ["requestId"] = change })).Messages);
        var rollbackId = rollbackAsked.RequestId!;
        Assert.Contains($"Rollback confirmation: roll back {change} with enable-interface", LifecycleHarness.Render(rollbackAsked), StringComparison.Ordinal);
        Assert.Contains($"You requested {rollbackId}", LifecycleHarness.Render(Assert.Single((await s.H.SayAsync("bob", $"approve {rollbackId}")).Messages)), StringComparison.Ordinal);
        Assert.Equal(RequestStatus.AwaitingApproval, (await s.H.Store.GetAsync(rollbackId, CancellationToken.None))!.Status);
        Assert.Equal(1, CountLines(s.Sim.SimLog, "command no shutdown"));

        await s.H.SayAsync("carol", $"approve {rollbackId}");
        var rolledBack = await s.RunAdvancingAsync();
        Assert.Equal((RequestStatus.Succeeded, "enable-interface", change), (rolledBack.Status, rolledBack.Runbook, rolledBack.RollbackOf));
        Assert.Equal((true, 1), (rolledBack.PostCheck!.Passed, rolledBack.PostCheck.Attempts));
        Assert.Equal(ChangeOutcome.Verified, ChangeOutcome.Label(rolledBack));
        Assert.Equal(2, CountLines(s.Sim.SimLog, "command no shutdown"));

        await s.H.DrainResultsAsync();
        var rollbackResult = LifecycleHarness.Render(LastResultCard(s.H, rollbackId));
        Assert.Contains("Succeeded — verified", rollbackResult, StringComparison.Ordinal);
        Assert.Contains($"Rollback of {change}", rollbackResult, StringComparison.Ordinal);
        var events = await s.H.EventsAsync("INC-4242");
        Assert.Equal("RollbackConfirmation", Assert.Single(events, e => e.Kind == AuditKind.ApprovalRequested && e.RequestId == rollbackId).Details["decisionKind"]);
        var undone = Assert.Single(events, e => e.Kind == AuditKind.RolledBack);
        Assert.Equal((change, rollbackId, "true"), (undone.RequestId, undone.Details["rollbackRequest"], undone.Details["verified"]));
        Assert.True((await new AuditVerifier(s.H.Audit).VerifyAsync("INC-4242", CancellationToken.None)).IsIntact);
    }

    [Fact]
    public async Task Window_NotYetOpen_RefusesNamingItsTimes_ThenOnceOpen_TheChangeRunsOnTheDevice()
    {
        await using var s = await SimLoop.StartAsync(sshd);
        await s.H.OpenIncidentAsync();
        await OpenAcknowledgedAsync(s, start: "+1h", end: "+3h");

        var early = LifecycleHarness.Render(Assert.Single((await s.H.SayAsync("bob", Bounce, WindowChannel)).Messages));
        Assert.Contains(nameof(DenialReason.ChangeWindowNotOpen), early, StringComparison.Ordinal);
        Assert.Contains("CHG-3001 is scheduled for 2026-11-23 10:00Z–12:00Z; bounce-interface runs in it only once it opens at 2026-11-23 10:00Z.", early, StringComparison.Ordinal);
        Assert.False(await s.H.HasJobAsync());
        Assert.Equal(0, s.Sim.Logins);

        s.Time.Advance(TimeSpan.FromHours(1));
        var asked = Assert.Single((await s.H.SayAsync("bob", Bounce, WindowChannel)).Messages);
        Assert.Equal(CardNames.ApprovalRequest, asked.CardName);
        await s.H.SayAsync("carol", $"approve {asked.RequestId}", WindowChannel);
        var done = await s.RunAdvancingAsync();

        Assert.Equal((RequestStatus.Succeeded, "CHG-3001"), (done.Status, done.ChangeWindow));
        Assert.Equal(ChangeOutcome.Verified, ChangeOutcome.Label(done));
        Assert.Contains("command interface Ethernet1/5", s.Sim.SimLog, StringComparison.Ordinal);
        Assert.Equal(1, CountLines(s.Sim.SimLog, "command shutdown"));
    }

    [Fact]
    public async Task Window_ClosedWhileAChangeRuns_TheRunningChangeFinishes_ANewOneIsRefusedNamingTheWindow()
    {
        await using var s = await SimLoop.StartAsync(sshd, "pause-on no shutdown");
        await s.H.OpenIncidentAsync();
        await OpenAcknowledgedAsync(s, start: "now", end: "+2h", devices: "dist-sw-01,acc-sw-01");
        var asked = Assert.Single((await s.H.SayAsync("bob", Bounce, WindowChannel)).Messages);
        await s.H.SayAsync("carol", $"approve {asked.RequestId}", WindowChannel);

        // The worker is on the device, half way through the bounce (the port is shut) when the window is closed.
        var running = s.RunAdvancingAsync();
        await s.Sim.WaitForLogAsync("paused no shutdown", TimeSpan.FromSeconds(30));
        Assert.StartsWith("CHG-3001 closed by Bob Brandt", Assert.Single((await s.H.SayAsync("bob", "change close", WindowChannel)).Messages).Text, StringComparison.Ordinal);
        var refused = LifecycleHarness.Render(Assert.Single((await s.H.SayAsync("bob", Bounce.Replace("dist-sw-01", "acc-sw-01", StringComparison.Ordinal), WindowChannel)).Messages));
        Assert.Contains(nameof(DenialReason.ChangeWindowClosed), refused, StringComparison.Ordinal);
        Assert.Contains("CHG-3001 (2026-11-23 09:00Z–11:00Z) was closed by Bob Brandt at 2026-11-23 09:00Z; a new change is refused.", refused, StringComparison.Ordinal);
        Assert.False(running.IsCompleted);

        await s.Sim.WriteFileAsync("sim-release", "go\n");
        var done = await running;
        Assert.Equal((RequestStatus.Succeeded, "CHG-3001"), (done.Status, done.ChangeWindow));
        Assert.Equal(ChangeOutcome.Verified, ChangeOutcome.Label(done));
        Assert.Contains("released no shutdown", s.Sim.SimLog, StringComparison.Ordinal);
        Assert.Null(await s.H.Locks.GetAsync("dist-sw-01", CancellationToken.None));
        Assert.Contains(await s.H.EventsAsync("CHG-3001"), e => e.Kind == AuditKind.ChangeWindowClosed);
    }

    [Fact]
    public async Task StandardChange_InsideItsWindow_RunsWithTheAcknowledgementAsItsApproval_OutsideIt_WaitsForASecondEngineer()
    {
        await using var s = await SimLoop.StartAsync(sshd, standardBounce: true);
        await s.H.OpenIncidentAsync();
        await OpenAcknowledgedAsync(s, start: "now", end: "+2h");

        var asked = await s.H.SayAsync("bob", Bounce, WindowChannel);
        Assert.NotEqual(CardNames.ApprovalRequest, Assert.Single(asked.Messages).CardName);
        await s.H.PostAsync(asked);
        var queued = await s.H.RunNextJobAsync();
        Assert.Equal(RequestStatus.Queued, queued.Status);
        Assert.True(queued.PreCheck!.Passed);
        Assert.Equal((DecisionKind.ChangeWindowAcknowledgement, "carol"), (queued.Decision!.Kind, queued.Decision.By.MemberId));
        var done = await s.RunAdvancingAsync();
        Assert.Equal(RequestStatus.Succeeded, done.Status);
        Assert.Equal(1, CountLines(s.Sim.SimLog, "command shutdown"));
        var approved = Assert.Single(await s.H.EventsAsync("INC-4242"), e => e.Kind == AuditKind.Approved);
        Assert.Equal(("carol", nameof(DecisionKind.ChangeWindowAcknowledgement), "CHG-3001"), (approved.Actor.MemberId, approved.Details["decisionKind"], approved.Details["changeWindow"]));
        Assert.DoesNotContain(await s.H.EventsAsync("INC-4242"), e => e.Kind == AuditKind.ApprovalRequested);

        // The same standard runbook in the incident's own conversation (no window): the normal rules hold.
        var outside = await s.H.SayAsync("bob", Bounce);
        await s.H.PostAsync(outside);
        var waiting = await s.H.RunNextJobAsync();
        Assert.Equal((RequestStatus.AwaitingApproval, null), (waiting.Status, waiting.Decision));
        Assert.True(waiting.PreCheck!.Passed);
        Assert.False(await s.H.HasJobAsync());
        Assert.Equal(1, CountLines(s.Sim.SimLog, "command shutdown"));
        Assert.Equal(nameof(DecisionKind.RunbookRun), Assert.Single(await s.H.EventsAsync("INC-4242"), e => e.Kind == AuditKind.ApprovalRequested).Details["decisionKind"]);
    }

    [Fact]
    public async Task SeverityConfirmationsRacing_WhileAChangeIsOnTheDevice_OneWins_TheOtherIsToldWho_AndTheChangeFinishes()
    {
        await using var s = await SimLoop.StartAsync(sshd, "pause-on no shutdown");
        await s.H.OpenIncidentAsync();
        var change = Assert.Single((await s.H.SayAsync("bob", "bounce-interface device=dist-sw-01 interface=Ethernet1/5")).Messages).RequestId!;
        await s.H.SayAsync("carol", $"approve {change}");
        var running = s.RunAdvancingAsync();
        await s.Sim.WaitForLogAsync("paused no shutdown", TimeSpan.FromSeconds(30));

        var card = Assert.Single((await s.H.SayAsync("bob", "incident severity INC-4242 1")).Messages);
        var data = card.Card!["actions"]!.AsArray().Single(a => (string?)a!["verb"] == "confirmSeverity")!["data"]!.DeepClone().AsObject();
        var answers = await Task.WhenAll(
            s.H.PressAsync("pat", "confirmSeverity", data),
            s.H.PressAsync("frank", "rejectSeverity", data.DeepClone().AsObject()));

        var texts = answers.Select(a => Assert.Single(a.Messages).Text).ToArray();
        var winner = Assert.Single(texts, t => t.StartsWith("INC-4242 ", StringComparison.Ordinal));
        var loser = Assert.Single(texts, t => t.Contains("was already", StringComparison.Ordinal));
        var pat = winner.Contains("confirmed by Pat Tester", StringComparison.Ordinal);
        Assert.Contains(pat ? "already confirmed by Pat Tester" : "already rejected by Frank Fischer", loser, StringComparison.Ordinal);
        Assert.Single(await s.H.EventsAsync("INC-4242"), e => e.Kind is AuditKind.SeverityConfirmed or AuditKind.SeverityRejected);
        Assert.False(running.IsCompleted);

        await s.Sim.WriteFileAsync("sim-release", "go\n");
        var done = await running;
        Assert.Equal((RequestStatus.Succeeded, ChangeOutcome.Verified), (done.Status, ChangeOutcome.Label(done)));
        Assert.True((await new AuditVerifier(s.H.Audit).VerifyAsync("INC-4242", CancellationToken.None)).IsIntact);
    }

    /// <summary>Bob asks to clear <paramref name="neighbour"/> in INC-4242's conversation; the pre-check over SSH finds it.</summary>
    private static async Task<string> AskClearAsync(SimLoop s, string neighbour)
    {
        await s.H.OpenIncidentAsync();
        var asked = await s.H.SayAsync("bob", $"clear-ospf-neighbor device=dist-sw-01 neighbor={neighbour}");
        await s.H.PostAsync(asked);
        var waiting = await s.H.RunNextJobAsync();
        Assert.Equal(RequestStatus.AwaitingApproval, waiting.Status);
        Assert.True(waiting.PreCheck!.Passed);
        return waiting.Id;
    }

    private static async Task OpenAcknowledgedAsync(SimLoop s, string start, string end, string devices = "dist-sw-01")
    {
        var card = Assert.Single((await s.H.SayAsync("bob", $"change open CHG-3001 \"Bounce distribution downlinks\" start={start} end={end} devices={devices}", WindowChannel)).Messages);
        Assert.Equal(CardNames.ChangeWindow, card.CardName);
        var data = card.Card!["actions"]!.AsArray().Single(a => (string?)a!["verb"] == "acknowledgeWindow")!["data"]!.DeepClone().AsObject();
        Assert.Contains("acknowledged by Carol Castillo", Assert.Single((await s.H.PressAsync("carol", "acknowledgeWindow", data, WindowChannel)).Messages).Text, StringComparison.Ordinal);
    }

    private static int CountLines(string log, string text) =>
        log.Split('\n').Count(l => l.EndsWith(" " + text, StringComparison.Ordinal));

    private static OutboundMessage LastResultCard(LifecycleHarness h, string requestId) =>
        h.Console.Posts.Select(p => p.Message).Last(m => m.RequestId == requestId && m.CardName == "execution-result");

    private static List<string> Verbs(OutboundMessage message) =>
        [.. (message.Card!["actions"] as JsonArray ?? []).OfType<JsonObject>().Select(a => a["verb"]?.GetValue<string>()).OfType<string>()];

    /// <summary>
    /// One test's world: a simulated NX-OS switch (its own sshd user, state and log) standing in for dist-sw-01 in a copy
    /// of the shipped inventory, the lifecycle harness over it with the real SSH executor (on real time) and a fake
    /// clock for everything else.
    /// </summary>
    private sealed class SimLoop : IAsyncDisposable
    {
        private readonly SshHarness _ssh;
        private readonly string _inventory;

        private SimLoop(SimDevice sim, SshHarness ssh, string inventory, RetryWatchingTimeProvider time)
        {
            Sim = sim;
            _ssh = ssh;
            _inventory = inventory;
            Time = time;
            H = LifecycleHarness.Create(
                services =>
                {
                    services.AddSingleton<TimeProvider>(time);
                    var registration = services.Single(d => d.ServiceType == typeof(IDeviceExecutor) && d.ImplementationType == typeof(SshExecutor));
                    services.Remove(registration);
                    services.AddSingleton<IDeviceExecutor>(ssh.Executor);
                },
                new Dictionary<string, string?> { ["Inventory:Path"] = inventory });
        }

        public SimDevice Sim { get; }

        public LifecycleHarness H { get; }

        /// <summary>The bot's clock (the harness's own <see cref="LifecycleHarness.Time"/> is not the one registered here).</summary>
        public RetryWatchingTimeProvider Time { get; }

        public static async Task<SimLoop> StartAsync(SshdFixture sshd, string? mode = null, bool standardBounce = false)
        {
            var sim = await sshd.CreateDeviceAsync(Platform.CiscoNxos, mode, sessionLimit: 3);
            var ssh = new SshHarness(new SshExecutorOptions { ConnectTimeout = TimeSpan.FromSeconds(10), CommandTimeout = TimeSpan.FromSeconds(60) });
            ssh.Credentials.Add(sim.User, sim.PasswordCredential);
            var inventory = CopyInventory(sim, standardBounce);
            return new SimLoop(sim, ssh, inventory, new RetryWatchingTimeProvider(TimeSpan.FromSeconds(10)));
        }

        /// <summary>Runs the next job, moving the clock on by one retry interval whenever a post-check waits to look again.</summary>
        public async Task<RunRequest> RunAdvancingAsync()
        {
            var job = H.RunNextJobAsync();
            while (!job.IsCompleted)
            {
                if (await Task.WhenAny(job, Time.Retrying.WaitAsync(TimeSpan.FromSeconds(30))) is Task<bool> { Result: true })
                {
                    Time.Advance(Time.Interval);
                }
            }

            return await job;
        }

        public async ValueTask DisposeAsync()
        {
            await H.DisposeAsync();
            _ssh.Dispose();
            Directory.Delete(_inventory, recursive: true);
        }

        /// <summary>The shipped inventory with dist-sw-01 pointing at the simulator (address, port, pinned host key, credential).</summary>
        private static string CopyInventory(SimDevice sim, bool standardBounce)
        {
            var target = Directory.CreateTempSubdirectory("chatnetops-sim-inventory-").FullName;
            var source = InventoryPaths.Resolve("inventory");
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var copy = Path.Combine(target, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy);
            }

            var devices = Path.Combine(target, "devices.yaml");
            var text = File.ReadAllText(devices);
            const string DistSw01 = """
                      address: 192.0.2.21
                      port: 22
                    transport: lab
                    credential_ref: cisco-netops
                    host_key_fingerprint: SHA256:raDGdwRnZQ/otbOG3TxoR9xm2de6DqroXWO8ckQ49fU
                """;
            Assert.Contains(DistSw01, text, StringComparison.Ordinal);
            var device = sim.Device;
            File.WriteAllText(devices, text.Replace(DistSw01, $"""
                      address: {device.Address}
                      port: {device.Port}
                    transport: ssh
                    credential_ref: {device.CredentialRef}
                    host_key_fingerprint: {device.HostKeyFingerprint}
                """, StringComparison.Ordinal));

            if (standardBounce)
            {
                // bounce-interface as a standard change; standard runs need a real pre-check (the interface is there).
                var runbooks = Path.Combine(target, "runbooks.yaml");
                var yaml = File.ReadAllText(runbooks);
                const string Anchor = "    rollback: If the interface stays down, roll back with enable-interface (offered on the result card; a second engineer confirms).\n";
                Assert.Contains(Anchor, yaml, StringComparison.Ordinal);
                File.WriteAllText(runbooks, yaml.Replace(Anchor, Anchor + """
                        standard: true
                        pre_check:
                          runbook: interface-counters
                          inputs: {device: "{device}", interface: "{interface}"}

                    """, StringComparison.Ordinal));
            }

            return target;
        }
    }

    /// <summary>
    /// A fake clock that says when code under test starts a one-shot wait of exactly <see cref="Interval"/> (the
    /// post-check's <c>every_seconds</c>), so the test moves time on only once the retry has begun waiting.
    /// </summary>
    private sealed class RetryWatchingTimeProvider(TimeSpan interval) : TimeProvider
    {
        private readonly FakeTimeProvider _fake = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

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
}
