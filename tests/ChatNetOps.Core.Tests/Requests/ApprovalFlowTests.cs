namespace ChatNetOps.Core.Tests.Requests;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;

public sealed class ApprovalFlowTests
{
    private static readonly (string, string)[] ClearInputs = [("device", "dist-sw-01"), ("neighbor", LifecycleHarness.LabNeighbour)];

    [Fact]
    public async Task StateChanging_SelfApprovalRefused_SecondEngineerApproves_RunsOnce_AndChainHoldsEachStep()
    {
        await using var h = LifecycleHarness.Create();
        var incident = await h.OpenIncidentAsync();

        var awaiting = await PendingClearAsync(h);
        Assert.Equal(incident.Id, awaiting.Incident);
        var approvers = Assert.Single(await h.EventsAsync(incident.Id), e => e.Kind == AuditKind.ApprovalRequested).Details["approvers"].Split(',');
        Assert.Contains("carol", approvers);
        Assert.DoesNotContain("bob", approvers);

        var self = await h.Decisions.ApproveAsync(awaiting.Id, LifecycleHarness.Person("bob"), null, LifecycleHarness.ConsoleConversation(), CancellationToken.None);
        Assert.Equal(DenialReason.SelfApproval, Assert.IsType<DecisionOutcome.Refused>(self).Reason);

        var approved = await h.Decisions.ApproveAsync(awaiting.Id, LifecycleHarness.Person("carol"), null, LifecycleHarness.ConsoleConversation(), CancellationToken.None);
        Assert.IsType<DecisionOutcome.Approved>(approved);

        var done = await h.RunNextJobAsync();
        Assert.Equal(RequestStatus.Succeeded, done.Status);
        Assert.Null(await h.Locks.GetAsync("dist-sw-01", CancellationToken.None));

        var kinds = (await h.EventsAsync(incident.Id)).Select(e => e.Kind).ToArray();
        Assert.Equal(
            [AuditKind.IncidentOpened, AuditKind.Requested, AuditKind.LockTaken, AuditKind.PreChecked, AuditKind.ApprovalRequested, AuditKind.Denied,
             AuditKind.Approved, AuditKind.Queued, AuditKind.Started, AuditKind.Succeeded, AuditKind.PostCheckPassed, AuditKind.LockReleased],
            kinds);
        Assert.True((await new AuditVerifier(h.Audit).VerifyAsync(incident.Id, CancellationToken.None)).IsIntact);
    }

    [Fact]
    public async Task Approve_StoredHashNoLongerMatchesWhatWasAsked_IsRefusedAsSubjectChanged_AndNothingRuns()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();
        var pending = await PendingClearAsync(h);
        // What is stored no longer hashes to what was asked (the shared rule DecisionRules.Check applies to every kind).
        await h.Store.UpdateAsync(pending.Id, r => r with { Inputs = new Dictionary<string, string>(r.Inputs) { ["neighbor"] = "198.51.100.9" } }, CancellationToken.None);

        var outcome = await h.Decisions.ApproveAsync(pending.Id, LifecycleHarness.Person("carol"), null, LifecycleHarness.ConsoleConversation(), CancellationToken.None);

        Assert.Equal(DenialReason.SubjectChanged, Assert.IsType<DecisionOutcome.Refused>(outcome).Reason);
        Assert.Equal(RequestStatus.AwaitingApproval, (await h.Store.GetAsync(pending.Id, CancellationToken.None))!.Status);
        Assert.False(await h.HasJobAsync());
    }

    [Fact]
    public async Task PendingRequest_HoldsTheDeviceNoLongerThanItsApprovalExpiry_ApprovalExtendsTheLease()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();
        var pending = await PendingClearAsync(h);

        var held = await h.Locks.GetAsync("dist-sw-01", CancellationToken.None);
        Assert.Equal(pending.ExpiresAt, held!.LeaseUntil);

        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.IsType<DecisionOutcome.Approved>(
            await h.Decisions.ApproveAsync(pending.Id, LifecycleHarness.Person("carol"), null, LifecycleHarness.ConsoleConversation(), CancellationToken.None));
        var queued = await h.Locks.GetAsync("dist-sw-01", CancellationToken.None);
        Assert.Equal(h.Time.GetUtcNow() + new RequestOptions().QueuedLockLease, queued!.LeaseUntil);
    }

    [Fact]
    public async Task PendingRequestPastItsExpiry_NoLongerHoldsTheDevice_EvenBeforeTheSweeperRuns()
    {
        await using var h = LifecycleHarness.Create();
        var incident = await h.OpenIncidentAsync();
        var pending = await PendingClearAsync(h);

        h.Time.Advance(pending.ExpiresAt!.Value - h.Time.GetUtcNow());
        var next = await h.Submit.SubmitAsync(
            LifecycleHarness.Run("carol", "bounce-interface", inputs: [("device", "dist-sw-01"), ("interface", "Ethernet1/1")]), CancellationToken.None);

        var taken = Assert.IsType<SubmitOutcome.AwaitingApproval>(next).Request;
        Assert.Equal(taken.Id, (await h.Locks.GetAsync("dist-sw-01", CancellationToken.None))!.RequestId);
        Assert.Contains(await h.EventsAsync(incident.Id), e => e.Kind == AuditKind.LockTaken && e.RequestId == taken.Id && e.Details["tookOverExpiredLockOf"] == pending.Id);
    }

    [Fact]
    public async Task SecondStateChangingRequest_OnLockedDevice_IsRefusedNamingTheActiveOperator()
    {
        await using var h = LifecycleHarness.Create();
        var incident = await h.OpenIncidentAsync();
        var first = await PendingClearAsync(h);

        var second = await h.Submit.SubmitAsync(
            LifecycleHarness.Run("carol", "bounce-interface", inputs: [("device", "dist-sw-01"), ("interface", "Ethernet1/1")]), CancellationToken.None);

        var locked = Assert.IsType<SubmitOutcome.DeviceLocked>(second);
        Assert.Equal(first.Id, locked.Holder.RequestId);
        Assert.Equal("bob", locked.Holder.Owner.MemberId);
        Assert.Equal("clear-ospf-neighbor", locked.Holder.Runbook);
        Assert.Equal(incident.Id, locked.Holder.Incident);
        Assert.Contains(await h.EventsAsync(incident.Id), e => e.Kind == AuditKind.LockRefused && e.Actor.MemberId == "carol");
    }

    [Fact]
    public async Task RacingApprovals_ExactlyOneWins_TheOtherIsToldWhoApproved()
    {
        await using var h = LifecycleHarness.Create();
        var awaiting = await h.AwaitApprovalAsync();

        var outcomes = await Task.WhenAll(
            Task.Run(() => h.Decisions.ApproveAsync(awaiting.Id, LifecycleHarness.Person("carol"), null, LifecycleHarness.ConsoleConversation(), CancellationToken.None)),
            Task.Run(() => h.Decisions.ApproveAsync(awaiting.Id, LifecycleHarness.Person("dave"), null, LifecycleHarness.ConsoleConversation(), CancellationToken.None)));

        var winner = Assert.Single(outcomes.OfType<DecisionOutcome.Approved>());
        var loser = Assert.Single(outcomes.OfType<DecisionOutcome.AlreadyDecided>());
        Assert.Equal(winner.Request.Decision!.By.MemberId, loser.Request.Decision!.By.MemberId);
        var approvals = (await h.EventsAsync("INC-4242")).Count(e => e.Kind == AuditKind.Approved);
        Assert.Equal(1, approvals);
    }

    [Fact]
    public async Task HundredConcurrentStateChangingRequests_OnOneDevice_ExactlyOneGranted()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ =>
            Task.Run(() => h.Submit.SubmitAsync(LifecycleHarness.Run("bob", "clear-ospf-neighbor", inputs: ClearInputs), CancellationToken.None))));

        // clear-ospf-neighbor looks first: the one granted request holds the device while its pre-check is queued.
        var granted = Assert.Single(outcomes.OfType<SubmitOutcome.PreChecking>());
        var refused = outcomes.OfType<SubmitOutcome.DeviceLocked>().ToArray();
        Assert.Equal(99, refused.Length);
        Assert.All(refused, r => Assert.Equal(granted.Request.Id, r.Holder.RequestId));
    }

    [Fact]
    public async Task Reject_ReleasesTheLock_AndNothingRuns()
    {
        await using var h = LifecycleHarness.Create();
        var awaiting = await h.AwaitApprovalAsync();

        var rejected = await h.Decisions.RejectAsync(awaiting.Id, LifecycleHarness.Person("carol"), null, LifecycleHarness.ConsoleConversation(), "wrong neighbour", CancellationToken.None);

        Assert.Equal(RequestStatus.Rejected, Assert.IsType<DecisionOutcome.Rejected>(rejected).Request.Status);
        Assert.Null(await h.Locks.GetAsync("dist-sw-01", CancellationToken.None));
        Assert.Null(await h.Jobs.ReceiveAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero, CancellationToken.None));
    }

    [Theory]
    [InlineData("alice", LifecycleHarness.Conversation, DenialReason.NotGranted)]
    [InlineData("carol", "elsewhere", DenialReason.WrongConversation)]
    [InlineData("bob", LifecycleHarness.Conversation, DenialReason.SelfApproval)]
    public async Task Approval_ByWhomOrFromWhereItIsNotAllowed_IsRefusedAndRecorded_AndWaitsStill(string decider, string conversation, DenialReason reason)
    {
        await using var h = LifecycleHarness.Create();
        var awaiting = await h.AwaitApprovalAsync();

        var outcome = await h.Decisions.ApproveAsync(awaiting.Id, LifecycleHarness.Person(decider), null, LifecycleHarness.ConsoleConversation(conversation), CancellationToken.None);

        Assert.Equal(reason, Assert.IsType<DecisionOutcome.Refused>(outcome).Reason);
        Assert.Contains(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.Denied && e.Actor.MemberId == decider && e.Details["action"] == "approve" && e.Details["reason"] == reason.ToString());
        Assert.Equal(RequestStatus.AwaitingApproval, (await h.Store.GetAsync(awaiting.Id, CancellationToken.None))?.Status);
    }

    [Fact]
    public async Task ApprovedRequest_AlteredAfterApproval_IsRefusedByTheWorker()
    {
        await using var h = LifecycleHarness.Create();
        var awaiting = await h.AwaitApprovalAsync();
        var approved = await h.ApproveAsync(awaiting.Id);

        var tampered = approved with { Inputs = new Dictionary<string, string> { ["device"] = "dist-sw-01", ["neighbor"] = "198.51.100.9" } };
        Assert.NotNull(await h.Store.TryReplaceAsync(tampered, approved.ETag!, CancellationToken.None));
        var done = await h.RunNextJobAsync();

        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.Null(done.Result);
        Assert.Contains("approval does not match", done.StatusReason, StringComparison.Ordinal);
        Assert.DoesNotContain(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.Started);
    }

    [Fact]
    public async Task Cancel_ByRequester_ReleasesLock_ByOthersRefused()
    {
        await using var h = LifecycleHarness.Create();
        var awaiting = await h.AwaitApprovalAsync();

        var byOther = await h.Decisions.CancelAsync(awaiting.Id, LifecycleHarness.Person("carol"), null, LifecycleHarness.ConsoleConversation(), CancellationToken.None);
        var byRequester = await h.Decisions.CancelAsync(awaiting.Id, LifecycleHarness.Person("bob"), null, LifecycleHarness.ConsoleConversation(), CancellationToken.None);
        var approveAfter = await h.Decisions.ApproveAsync(awaiting.Id, LifecycleHarness.Person("carol"), null, LifecycleHarness.ConsoleConversation(), CancellationToken.None);

        Assert.Equal(DenialReason.NotRequester, Assert.IsType<DecisionOutcome.Refused>(byOther).Reason);
        Assert.IsType<DecisionOutcome.Cancelled>(byRequester);
        Assert.IsType<DecisionOutcome.NotPending>(approveAfter);
        Assert.Null(await h.Locks.GetAsync("dist-sw-01", CancellationToken.None));
    }

    /// <summary>Bob asks to clear a neighbour dist-sw-01 lists; a worker runs the pre-check and the request waits for approval.</summary>
    private static async Task<RunRequest> PendingClearAsync(LifecycleHarness h)
    {
        Assert.IsType<SubmitOutcome.PreChecking>(await h.Submit.SubmitAsync(LifecycleHarness.Run("bob", "clear-ospf-neighbor", inputs: ClearInputs), CancellationToken.None));
        var pending = await h.RunNextJobAsync();
        Assert.Equal(RequestStatus.AwaitingApproval, pending.Status);
        return pending;
    }
}
