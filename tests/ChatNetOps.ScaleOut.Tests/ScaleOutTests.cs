namespace ChatNetOps.ScaleOut.Tests;

using System.Collections.Concurrent;
using System.Diagnostics;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Queues;
using ChatNetOps.Core.Requests;
using ChatNetOps.ScaleOut.Tests.Infrastructure;
using Xunit.Abstractions;

/// <summary>
/// Issue 7, scale-out proof: the Bot role and two separate Worker processes against the Cosmos test server and the
/// Service Bus-shaped AMQP broker, every process on Azure.Messaging.ServiceBus. Every request is created and approved through Core's SubmitService and DecisionService in this process (the
/// Bot host's role; see <see cref="BotComposition"/>) and executed by whichever worker process takes its job.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class ScaleOutTests(ScaleOutFixture fixture, ITestOutputHelper output)
{
    private const string RaceDevice = "dist-sw-01";

    /// <summary>Read-only (runbook, device) pairs over every lab device but the slow one; the lab answers all of them successfully.</summary>
    private static readonly (string Runbook, (string Key, string Value)[] Inputs)[] ReadOnlyMix =
    [
        ("system-status", [("device", "fw-edge-01")]),
        ("system-status", [("device", "fw-edge-02")]),
        ("system-status", [("device", "core-rtr-01")]),
        ("system-status", [("device", "dist-sw-01")]),
        ("system-status", [("device", "acc-sw-01")]),
        ("system-status", [("device", "acc-sw-02")]),
        ("system-status", [("device", "acc-sw-03")]),
        ("system-status", [("device", "jump-01")]),
        ("verify-ospf", [("device", "fw-edge-01")]),
        ("verify-ospf", [("device", "core-rtr-01")]),
        ("verify-ospf", [("device", "dist-sw-01")]),
        ("verify-ospf", [("device", "jump-01")]),
        ("vpn-status", [("device", "fw-edge-02")]),
    ];

    [Fact]
    public async Task TwoHundredReadOnlyJobs_RunAcrossBothWorkerProcesses_ExactlyOnceEach()
    {
        await fixture.EnsureWorkersAsync();
        var clock = Stopwatch.StartNew();
        var from = TimeProvider.System.GetUtcNow();

        using var submitting = new SemaphoreSlim(8);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var (runbook, inputs) = ReadOnlyMix[i % ReadOnlyMix.Length];
            var bot = i % 2 == 0 ? fixture.Bot : fixture.SecondBot;
            await submitting.WaitAsync();
            try
            {
                return await bot.Submit.SubmitAsync(Commands.Run(i % 3 == 0 ? "dave" : "alice", runbook, "console-readonly", inputs), CancellationToken.None);
            }
            finally
            {
                submitting.Release();
            }
        }));
        var ids = outcomes.Select(o => Assert.IsType<SubmitOutcome.Queued>(o).Request.Id).ToArray();
        var submitted = clock.Elapsed;

        var finished = await WaitAllTerminalAsync(ids, TimeSpan.FromSeconds(120));
        var ran = clock.Elapsed;

        Assert.All(finished, r => Assert.True(r.Status == RequestStatus.Succeeded, $"{r.Id} ({r.Runbook} on {string.Join(",", r.Targets)}) is {r.Status}: {r.StatusReason}"));
        var byWorker = finished.GroupBy(r => r.Worker ?? "(none)").ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.Equal([ScaleOutFixture.WorkerA, ScaleOutFixture.WorkerB], byWorker.Keys.Order(StringComparer.Ordinal));

        var events = await DayEventsAsync(from);
        var started = events.Where(e => e.Kind == AuditKind.Started && e.RequestId is not null && ids.Contains(e.RequestId)).ToLookup(e => e.RequestId!);
        Assert.All(finished, r =>
        {
            var once = Assert.Single(started[r.Id]);
            Assert.Equal(r.Worker, once.Actor.UserId);
        });
        Assert.Equal(ids.Length, events.Count(e => e.Kind == AuditKind.Succeeded && e.RequestId is not null && ids.Contains(e.RequestId)));

        await Poll.UntilAsync(() => fixture.JobsQueue.Count == 0, "every job message to be completed");
        Assert.Equal(0, fixture.JobsQueue.DeadLetterQueue!.Count);
        var dropped = ids.Count(id => fixture.Worker(ScaleOutFixture.WorkerA).Logged($"Request {id} is ", "not executed again")
            || fixture.Worker(ScaleOutFixture.WorkerB).Logged($"Request {id} is ", "not executed again"));
        output.WriteLine($"200 read-only requests: submitted in {submitted.TotalSeconds:F1} s, all Succeeded after {ran.TotalSeconds:F1} s; " +
            $"{string.Join(", ", byWorker.Select(w => $"{w.Key} ran {w.Value}"))}; {dropped} jobs redelivered and dropped unexecuted; " +
            $"{events.Count} audit events in the day partition(s).");
    }

    [Fact]
    public async Task FiftyRacingStateChangingRequests_OnOneDevice_OneWinsTheLock_AndRunsExactlyOnce()
    {
        await fixture.EnsureWorkersAsync();
        var clock = Stopwatch.StartNew();
        var incident = await OpenIncidentAsync("INC-7102", "console-race");

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            await go.Task;
            var bot = i % 2 == 0 ? fixture.Bot : fixture.SecondBot;
            return await bot.Submit.SubmitAsync(
                Commands.Run("bob", "clear-ospf-neighbor", "console-race", ("device", RaceDevice), ("neighbor", "198.51.100.167")), CancellationToken.None);
        })).ToArray();
        go.SetResult();
        var outcomes = await Task.WhenAll(racers);

        // The one that won the lock looks first (clear-ospf-neighbor's pre-check, run by a worker: the neighbour is there).
        var winner = Assert.Single(outcomes.OfType<SubmitOutcome.PreChecking>()).Request;
        var locked = outcomes.OfType<SubmitOutcome.DeviceLocked>().ToArray();
        Assert.Equal(49, locked.Length);
        Assert.All(locked, l => Assert.Equal(winner.Id, l.Holder.RequestId));
        await Poll.UntilAsync(() => fixture.Bot.Store.GetAsync(winner.Id, CancellationToken.None), r => r!.Status == RequestStatus.AwaitingApproval, $"{winner.Id}'s pre-check to pass", describe: r => r?.Status.ToString() ?? "missing");

        var approved = await fixture.SecondBot.Decisions.ApproveAsync(winner.Id, Commands.Person("carol"), null, Commands.Console("console-race"), CancellationToken.None);
        Assert.IsType<DecisionOutcome.Approved>(approved);

        var done = await Poll.UntilAsync(() => fixture.Bot.Store.GetAsync(winner.Id, CancellationToken.None), r => r!.Status.IsTerminal(), $"{winner.Id} to finish", describe: r => r?.Status.ToString() ?? "missing");
        Assert.Equal(RequestStatus.Succeeded, done!.Status);
        await Poll.UntilAsync(() => fixture.Bot.Locks.GetAsync(RaceDevice, CancellationToken.None), l => l is null, $"the lock on {RaceDevice} to be released");

        var events = await fixture.Bot.EventsAsync(incident.Id);
        Assert.Single(events, e => e.Kind == AuditKind.Started && e.RequestId == winner.Id);
        Assert.Single(events, e => e.Kind == AuditKind.Succeeded && e.RequestId == winner.Id);
        Assert.Single(events, e => e.Kind == AuditKind.LockTaken);
        Assert.Equal(49, events.Count(e => e.Kind == AuditKind.LockRefused));
        Assert.True((await new AuditVerifier(fixture.Bot.Audit).VerifyAsync(incident.Id, CancellationToken.None)).IsIntact);

        // Bots and workers anchor into one checkpoint file: it verifies, and anchors this chain.
        await fixture.Bot.Anchor.CheckpointAsync(ChatNetOps.Core.Audit.Checkpoints.AuditCheckpointReason.Requested, CancellationToken.None);
        var checkpoints = await ChatNetOps.Core.Audit.Checkpoints.AuditCheckpointLog.VerifyAsync(fixture.Bot.Anchor.Sink, fixture.Bot.Anchor.Keys, CancellationToken.None);
        Assert.Empty(checkpoints.Problems);
        var anchored = await new AuditVerifier(fixture.Bot.Audit).VerifyAsync(incident.Id, checkpoints, CancellationToken.None);
        Assert.True(anchored.IsIntact, anchored.Problem);
        Assert.True(anchored.AnchoredThrough > 0);
        output.WriteLine($"50 racing submissions on {RaceDevice}: 1 awaiting approval, {locked.Length} DeviceLocked; approved request ran once on {done.Worker}; {clock.Elapsed.TotalSeconds:F1} s.");
    }

    [Fact]
    public async Task KillingAWorkerMidJob_LeavesTheRequestInterruptedAfterItsLease_AndTheRedeliveredJobIsNotRunAgain()
    {
        await fixture.EnsureWorkersAsync();
        var clock = Stopwatch.StartNew();
        var incident = await OpenIncidentAsync("INC-7103", "console-kill");
        var device = ScaleOutFixture.SlowDevice;

        // bounce-interface: a change without a pre-check, so its first device command is the one in flight when the worker dies.
        var awaiting = Assert.IsType<SubmitOutcome.AwaitingApproval>(await fixture.Bot.Submit.SubmitAsync(
            Commands.Run("bob", "bounce-interface", "console-kill", ("device", device), ("interface", "Ethernet1/1")), CancellationToken.None)).Request;
        Assert.IsType<DecisionOutcome.Approved>(
            await fixture.Bot.Decisions.ApproveAsync(awaiting.Id, Commands.Person("carol"), null, Commands.Console("console-kill"), CancellationToken.None));

        // Running on some worker, with its Started event recorded: the device command is now in flight (a minute per command on the slow device).
        var running = await Poll.UntilAsync(
            async () => (Request: await fixture.Bot.Store.GetAsync(awaiting.Id, CancellationToken.None), Events: await fixture.Bot.EventsAsync(incident.Id)),
            s => s.Request is { Status: RequestStatus.Running, Worker: not null } && s.Events.Exists(e => e.Kind == AuditKind.Started && e.RequestId == awaiting.Id),
            $"{awaiting.Id} to be running",
            describe: s => s.Request?.Status.ToString() ?? "missing");
        var victim = fixture.Worker(running.Request!.Worker!);
        var survivor = fixture.Worker(victim.WorkerId == ScaleOutFixture.WorkerA ? ScaleOutFixture.WorkerB : ScaleOutFixture.WorkerA);
        var runningAfter = clock.Elapsed;

        await victim.KillAsync();
        var killedAt = clock.Elapsed;

        var interrupted = await Poll.UntilAsync(
            () => fixture.Bot.Store.GetAsync(awaiting.Id, CancellationToken.None), r => r!.Status.IsTerminal(), $"{awaiting.Id} to be interrupted",
            describe: r => r?.Status.ToString() ?? "missing");
        var interruptedAfter = clock.Elapsed - killedAt;
        Assert.Equal(RequestStatus.Interrupted, interrupted!.Status);
        Assert.Contains(victim.WorkerId, interrupted.StatusReason, StringComparison.Ordinal);
        Assert.Null(interrupted.Result);
        await Poll.UntilAsync(() => fixture.Bot.Locks.GetAsync(device, CancellationToken.None), l => l is null, $"the lock on {device} to be released");

        // The killed worker's job message comes back when its queue lock lapses; the surviving worker must not run it.
        await Poll.UntilAsync(() => survivor.Logged($"Request {awaiting.Id} is ", "not executed again"), $"{survivor.WorkerId} to receive and drop the redelivered job");
        await Poll.UntilAsync(() => fixture.JobsQueue.Count == 0, "the redelivered job message to be completed");
        Assert.Equal(0, fixture.JobsQueue.DeadLetterQueue!.Count);

        var events = (await fixture.Bot.EventsAsync(incident.Id)).Where(e => e.RequestId == awaiting.Id).ToArray();
        var started = Assert.Single(events, e => e.Kind == AuditKind.Started);
        Assert.Equal(victim.WorkerId, started.Actor.UserId);
        Assert.Single(events, e => e.Kind == AuditKind.Interrupted);
        Assert.DoesNotContain(events, e => e.Kind is AuditKind.Succeeded or AuditKind.Failed or AuditKind.TimedOut);
        Assert.Single(events, e => e.Kind == AuditKind.LockReleased);
        Assert.True((await new AuditVerifier(fixture.Bot.Audit).VerifyAsync(incident.Id, CancellationToken.None)).IsIntact);
        output.WriteLine($"{awaiting.Id} running on {victim.WorkerId} after {runningAfter.TotalSeconds:F1} s; killed pid {victim.ProcessId}; " +
            $"Interrupted {interruptedAfter.TotalSeconds:F1} s after the kill (run lease {ScaleOutFixture.RunLease.TotalSeconds} s); " +
            $"{survivor.WorkerId} dropped the redelivered job; {clock.Elapsed.TotalSeconds:F1} s in all.");
    }

    [Fact]
    public async Task AJobWhoseHandlerKeepsFailing_ReachesTheDeadLetterQueue_AndQueueDeadLettersShowsAndRequeuesIt()
    {
        await fixture.EnsureWorkersAsync();
        var clock = Stopwatch.StartNew();
        var requestId = "R-POISON" + Guid.NewGuid().ToString("N")[..6];
        var jobId = "JOB-" + requestId;

        // A request the stores cannot read (an unknown status): every delivery of its job throws in the worker and is abandoned.
        await fixture.WriteRawRequestAsync(requestId, $$"""{"id":"{{requestId}}","status":"Exploded","createdTicks":0}""");
        var now = TimeProvider.System.GetUtcNow();
        await fixture.Bot.Jobs.EnqueueAsync(new JobMessage(jobId, requestId, now, null) { ExpiresAt = now.AddHours(1) }, CancellationToken.None);

        await Poll.UntilAsync(() => fixture.JobsQueue.DeadLetterQueue!.Count == 1, $"{jobId} to be dead-lettered");
        Assert.Equal(ScaleOutFixture.MaxDeliveryCount, Failures(jobId));
        Assert.Equal(0, fixture.JobsQueue.Count);

        var (listed, listing, errors) = await CliProcess.RunAsync(fixture.Shared, fixture.LogDirectory, "queue", "dead-letters");
        Assert.True(listed == 0, $"queue dead-letters exited {listed}: {errors}");
        Assert.Contains($"job    {jobId}  request {requestId}  MaxDeliveryCountExceeded  deliveries {ScaleOutFixture.MaxDeliveryCount}", listing, StringComparison.Ordinal);
        Assert.Contains("1 job(s), 0 result(s) on Service Bus", listing, StringComparison.Ordinal);

        // Requeued, it is delivered again from a fresh count, fails the same way, and is dead-lettered again.
        var (requeued, requeueOutput, requeueErrors) = await CliProcess.RunAsync(fixture.Shared, fixture.LogDirectory, "queue", "dead-letters", "--requeue", jobId);
        Assert.True(requeued == 0, $"--requeue exited {requeued}: {requeueErrors}");
        Assert.Contains($"requeued job {jobId}", requeueOutput, StringComparison.Ordinal);
        await Poll.UntilAsync(() => Failures(jobId) == 2 * ScaleOutFixture.MaxDeliveryCount && fixture.JobsQueue.DeadLetterQueue!.Count == 1, $"{jobId} to fail {ScaleOutFixture.MaxDeliveryCount} more times and be dead-lettered again");

        // Leave the dead-letter queue empty for the other tests.
        await using var client = new global::Azure.Messaging.ServiceBus.ServiceBusClient(fixture.Shared["ServiceBus__ConnectionString"]);
        var deadLetters = client.CreateReceiver("jobs", new global::Azure.Messaging.ServiceBus.ServiceBusReceiverOptions { SubQueue = global::Azure.Messaging.ServiceBus.SubQueue.DeadLetter });
        await deadLetters.CompleteMessageAsync((await deadLetters.ReceiveMessageAsync(TimeSpan.FromSeconds(30)))!);
        Assert.Equal(0, fixture.JobsQueue.DeadLetterQueue!.Count);
        output.WriteLine($"{jobId}: dead-lettered after {ScaleOutFixture.MaxDeliveryCount} failed deliveries, listed and requeued by the CLI, dead-lettered again; {clock.Elapsed.TotalSeconds:F1} s.");
    }

    private int Failures(string jobId) =>
        fixture.Worker(ScaleOutFixture.WorkerA).Count($"Job {jobId} failed unexpectedly") + fixture.Worker(ScaleOutFixture.WorkerB).Count($"Job {jobId} failed unexpectedly");

    private async Task<Incident> OpenIncidentAsync(string id, string conversation)
    {
        var outcome = await fixture.Bot.Incidents.OpenAsync(id, "Scale-out proof", 3, Commands.Person("bob"), null, Commands.Console(conversation), CancellationToken.None);
        return Assert.IsType<IncidentOutcome.Opened>(outcome).Incident;
    }

    /// <summary>Polls the requests still unfinished (point reads, a few at a time) until every one is terminal.</summary>
    private async Task<RunRequest[]> WaitAllTerminalAsync(IReadOnlyList<string> ids, TimeSpan timeout)
    {
        var done = new ConcurrentDictionary<string, RunRequest>(StringComparer.Ordinal);
        await Poll.UntilAsync(
            async () =>
            {
                var pending = ids.Where(id => !done.ContainsKey(id)).ToArray();
                await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, ct) =>
                {
                    if (await fixture.Bot.Store.GetAsync(id, ct) is { } r && r.Status.IsTerminal())
                    {
                        done[id] = r;
                    }
                });
                return done.Count;
            },
            count => count == ids.Count,
            "every read-only request to finish",
            timeout,
            count => $"{count} of {ids.Count} finished");
        return [.. ids.Select(id => done[id])];
    }

    /// <summary>Every audit event in the day partitions between <paramref name="from"/> and now (a run may cross midnight UTC).</summary>
    private async Task<List<AuditEvent>> DayEventsAsync(DateTimeOffset from)
    {
        var partitions = new[] { AuditPartitions.For(null, from), AuditPartitions.For(null, TimeProvider.System.GetUtcNow()) }.Distinct(StringComparer.Ordinal);
        var events = new List<AuditEvent>();
        foreach (var partition in partitions)
        {
            events.AddRange(await fixture.Bot.EventsAsync(partition));
        }

        return events;
    }
}
