namespace ChatNetOps.Core.Tests.Requests;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;

public sealed class DenialTests
{
    private static async Task<(SubmitOutcome.Denied Denied, AuditEvent Event)> DenyAsync(LifecycleHarness h, RunCommand command)
    {
        var outcome = await h.Submit.SubmitAsync(command, CancellationToken.None);
        var denied = Assert.IsType<SubmitOutcome.Denied>(outcome);
        var events = await h.DayEventsAsync();
        var recorded = Assert.Single(events, e => e.Kind == AuditKind.Denied);
        Assert.Null(await h.Jobs.ReceiveAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero, CancellationToken.None));
        return (denied, recorded);
    }

    [Fact]
    public async Task UnknownUser_IsDeniedAndRecorded()
    {
        await using var h = LifecycleHarness.Create();

        var (denied, recorded) = await DenyAsync(h, LifecycleHarness.Run("mallory", "verify-ospf", inputs: ("device", "dist-sw-01")));

        Assert.Equal(DenialReason.UnknownUser, denied.Reason);
        Assert.Equal("UnknownUser", recorded.Details["reason"]);
        Assert.Null(recorded.Actor.MemberId);
    }

    [Fact]
    public async Task RoleWithoutGrant_IsDeniedWithWhatWouldBeNeeded()
    {
        await using var h = LifecycleHarness.Create();

        var (denied, _) = await DenyAsync(h, LifecycleHarness.Run("erin", "verify-ospf", inputs: ("device", "dist-sw-01")));

        Assert.Equal(DenialReason.NotGranted, denied.Reason);
        Assert.Contains("noc-engineer", denied.Needed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bob", "clear-ospf-neighbor", "device=dist-sw-01 neighbor=198.51.100.2", DenialReason.WrongChannel)] // state-changing, from a conversation bound to nothing
    [InlineData("alice", "clear-ospf", "device=acc-sw-01", DenialReason.UnknownRunbook)]
    public async Task Command_IsDeniedForTheReason(string member, string runbook, string inputs, DenialReason reason)
    {
        await using var h = LifecycleHarness.Create();
        var pairs = inputs.Split(' ').Select(p => p.Split('=', 2)).Select(p => (p[0], p[1])).ToArray();

        var (denied, recorded) = await DenyAsync(h, LifecycleHarness.Run(member, runbook, inputs: pairs));

        Assert.Equal(reason, denied.Reason);
        Assert.Equal(reason.ToString(), recorded.Details["reason"]);
    }

    [Fact]
    public async Task StateChanging_InChangeWindowWithoutIncidentId_IsDenied()
    {
        await using var h = LifecycleHarness.Create();
        var command = new RunCommand(
            new Actor(ChatPlatform.Slack, "U0BOB000002", "Bob"), null,
            new ConversationRef(ChatPlatform.Slack, "C0CHG2001", ChannelKind.Group),
            "bounce-interface", new Dictionary<string, string> { ["device"] = "acc-sw-01", ["interface"] = "GigabitEthernet1/0/1" }, null);

        var (denied, _) = await DenyAsync(h, command);

        Assert.Equal(DenialReason.MissingIncident, denied.Reason);
    }

    [Fact]
    public async Task DirectMessageCannotClaimToBeAnIncidentChannel()
    {
        await using var h = LifecycleHarness.Create();
        // frank (admin) may run anything from a group channel, so only the channel requirement can stop him.
        var command = LifecycleHarness.Run("frank", "clear-ospf-neighbor", inputs: [("device", "dist-sw-01"), ("neighbor", "198.51.100.2")]) with
        {
            Conversation = new ConversationRef(ChatPlatform.Console, "forged", ChannelKind.Incident) { BoundTo = "INC-4242" },
        };

        var (denied, _) = await DenyAsync(h, command);

        Assert.Equal(DenialReason.WrongChannel, denied.Reason);
    }

    [Theory]
    [InlineData("device", "acc-sw-01; reload")]
    [InlineData("device", "acc-sw-01|cat")]
    [InlineData("device", "acc-sw-01\nreload")]
    [InlineData("device", "`reload`")]
    [InlineData("device", "$(reload)")]
    [InlineData("device", "асс-sw-01")]
    [InlineData("interface", "Gi1/0/1 ; reload")]
    [InlineData("nosuchinput", "x")]
    public async Task HostileOrUnknownInput_IsDeniedNamingTheField(string field, string value)
    {
        await using var h = LifecycleHarness.Create();
        var inputs = new List<(string, string)> { ("device", "acc-sw-01"), ("interface", "GigabitEthernet1/0/1") };
        inputs.RemoveAll(i => i.Item1 == field);
        inputs.Add((field, value));

        var (denied, recorded) = await DenyAsync(h, LifecycleHarness.Run("alice", "interface-counters", inputs: [.. inputs]));

        Assert.Equal(DenialReason.InvalidInput, denied.Reason);
        Assert.Contains(denied.InputErrors, e => e.Field == field);
        Assert.DoesNotContain('\n', recorded.Details["message"]);
    }

    [Fact]
    public async Task MissingRequiredInput_AsksForAFormInsteadOfDenying()
    {
        await using var h = LifecycleHarness.Create();

        var outcome = await h.Submit.SubmitAsync(LifecycleHarness.Run("alice", "verify-ospf"), CancellationToken.None);

        var needs = Assert.IsType<SubmitOutcome.NeedsInput>(outcome);
        Assert.Equal(["device"], needs.Missing);
        Assert.NotEmpty(needs.AllowedDevices);
        Assert.Empty(await h.DayEventsAsync());
    }

    [Theory]
    [InlineData("../../etc")]
    [InlineData("INC-1;drop")]
    [InlineData("day-2026-11-23")]
    public async Task HostileIncidentId_IsDenied_AndNeverNamesAnAuditPartition(string incident)
    {
        await using var h = LifecycleHarness.Create();

        var (denied, recorded) = await DenyAsync(h, LifecycleHarness.Run("frank", "bounce-interface", incident: incident, inputs: [("device", "acc-sw-01"), ("interface", "Gi1/0/1")]));

        Assert.True(denied.Reason is DenialReason.InvalidInput or DenialReason.WrongChannel, denied.Reason.ToString());
        Assert.Null(recorded.Incident);
        Assert.All(await h.Audit.ListPartitionsAsync(CancellationToken.None), p => Assert.StartsWith("day-", p, StringComparison.Ordinal));
    }
}
