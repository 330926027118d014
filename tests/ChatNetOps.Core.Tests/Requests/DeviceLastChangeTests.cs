namespace ChatNetOps.Core.Tests.Requests;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing;

/// <summary>What an ended run leaves as each device's last change (<see cref="RequestJournal.LastChanges"/>).</summary>
public sealed class DeviceLastChangeTests
{
    private static readonly Actor Bob = TestData.Actor("U-BOB", "Bob Brandt", memberId: "bob");

    [Fact]
    public void FanOut_ThatEnded_GivesEachDeviceItsOwnResult_TheApproverAndTheEndTime()
    {
        var started = TestData.Epoch;
        var ended = started.AddMinutes(3);
        DeviceRunSummary Device(string name, ExecutionStatus status) => new(name, status, 0, new string('a', 64), 10, started, ended, null);
        var request = TestData.Request(status: RequestStatus.Failed, mode: RunbookMode.StateChanging, runbook: "interface-shutdown") with
        {
            Targets = ["acc-sw-01", "acc-sw-02", "acc-sw-03"],
            Decision = new Decision(Bob, started, true, null, "h"),
            Result = new ExecutionSummary(ExecutionStatus.Failed, 1, new string('b', 64), started, ended,
                [Device("acc-sw-01", ExecutionStatus.Succeeded), Device("ACC-SW-02", ExecutionStatus.Failed), Device("acc-sw-03", ExecutionStatus.TimedOut)]),
        };

        var changes = RequestJournal.LastChanges(request);

        Assert.Equal(
            [("acc-sw-01", "succeeded"), ("acc-sw-02", "failed"), ("acc-sw-03", "timed out")],
            changes.Select(c => (c.Device, c.Result)));
        Assert.All(changes, c => Assert.Equal((request.Id, "interface-shutdown", ended, request.Requester.DisplayName, "Bob Brandt"), (c.RequestId, c.Runbook, c.At, c.Requester, c.Approver)));
    }

    [Fact]
    public void Interrupted_StateChangingRun_WithoutAResult_IsInterruptedAtItsLastUpdate()
    {
        var at = TestData.Epoch.AddMinutes(9);
        var request = TestData.Request(status: RequestStatus.Interrupted, mode: RunbookMode.StateChanging) with { UpdatedAt = at };

        var change = Assert.Single(RequestJournal.LastChanges(request));

        Assert.Equal(("interrupted", at, (string?)null), (change.Result, change.At, change.Approver));
    }

    [Theory]
    [InlineData(RequestStatus.Running, RunbookMode.StateChanging)]
    [InlineData(RequestStatus.Rejected, RunbookMode.StateChanging)]
    [InlineData(RequestStatus.Expired, RunbookMode.StateChanging)]
    [InlineData(RequestStatus.Succeeded, RunbookMode.ReadOnly)]
    public void NotAnEndedChange_LeavesNothing(RequestStatus status, RunbookMode mode) =>
        Assert.Empty(RequestJournal.LastChanges(TestData.Request(status: status, mode: mode)));

    [Fact]
    public void IsNewerThan_ComparesTheEndThenTheRequestId()
    {
        var at = TestData.Epoch;
        var a = new DeviceLastChange("fw-edge-01", "R-A", "x", "succeeded", at, "Alice", null);

        Assert.True(a with { At = at.AddSeconds(1), RequestId = "R-0" } is var later && later.IsNewerThan(a));
        Assert.False(a.IsNewerThan(later));
        Assert.True((a with { RequestId = "R-B" }).IsNewerThan(a));
        Assert.True(a.IsNewerThan(a));
    }
}
