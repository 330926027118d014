namespace ChatNetOps.Core.Tests.Requests;

using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Inventory.Loading;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Core.Tests.Inventory;
using Microsoft.Extensions.Time.Testing;

/// <summary>
/// The submit policy alone: the shipped inventory, a clock, and the channel and incident it is handed. No store, no
/// audit trail, no queue: what it decides is data.
/// </summary>
public sealed class SubmitPolicyTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private static readonly SubmitPolicy Policy = new(InventoryLoader.LoadOrThrow(SampleInventory.Directory), Clock);
    private static readonly ChannelContext Console = new(ChannelKind.Console, null, null);
    private static readonly ChannelContext IncidentChannel = new(ChannelKind.Incident, "INC-4242", null);

    private static RunCommand Bounce(string member = "bob", string? incident = null) =>
        new(new Actor(ChatPlatform.Console, member, member), null, new ConversationRef(ChatPlatform.Console, "console-1", ChannelKind.Console), "bounce-interface",
            new Dictionary<string, string> { ["device"] = "acc-sw-01", ["interface"] = "GigabitEthernet1/0/1" }, incident);

    private static Incident Open(string id = "INC-4242") =>
        new(id, "OSPF flaps", 2, IncidentState.Open, new Actor(ChatPlatform.Console, "bob", "bob"), Clock.GetUtcNow());

    [Fact]
    public void StateChanging_InAnOpenIncidentsChannel_IsAdmitted_BoundToIt_AsTheMatchedMember()
    {
        var verdict = Policy.Evaluate(Bounce(), IncidentChannel, Open());

        var admitted = Assert.IsType<SubmitVerdict.Admitted>(verdict);
        Assert.Equal(("INC-4242", "INC-4242", RequestStatus.Requested), (admitted.Request.Incident, admitted.Request.Origin.BoundTo, admitted.Request.Status));
        Assert.Equal(("bob", "console-member-id"), (admitted.Request.Requester.MemberId, admitted.Request.Requester.MatchedBy));
        Assert.Equal(["acc-sw-01"], admitted.Request.Targets);
        Assert.Equal(ApprovalHash.Compute(admitted.Request), admitted.Request.ApprovalHash);
    }

    [Fact]
    public void TheConversationsBinding_ComesFromTheResolvedChannel_NotFromTheCommand()
    {
        var forged = Bounce() with { Conversation = new ConversationRef(ChatPlatform.Console, "console-1", ChannelKind.Incident) { BoundTo = "INC-9999" } };

        var verdict = Policy.Evaluate(forged, Console, null);

        Assert.Equal(DenialReason.WrongChannel, Assert.IsType<SubmitVerdict.Denied>(verdict).Reason);
    }

    [Theory]
    [InlineData(IncidentState.Closed, DenialReason.IncidentClosed)]
    [InlineData(null, DenialReason.UnknownIncident)]
    public void AnIncidentThatIsNotOpen_IsDenied_AgainstTheChannelsIncident(IncidentState? state, DenialReason reason)
    {
        var incident = state is { } s ? Open() with { State = s } : null;

        var denied = Assert.IsType<SubmitVerdict.Denied>(Policy.Evaluate(Bounce(), IncidentChannel, incident));

        Assert.Equal(reason, denied.Reason);
        Assert.Equal(("bounce-interface", "acc-sw-01", "INC-4242"), (denied.Runbook, denied.Device, denied.Incident));
        Assert.Equal("bob", denied.Actor.MemberId);
    }

    [Theory]
    [InlineData("INC-4243", DenialReason.IncidentMismatch)]
    [InlineData("../../etc", DenialReason.InvalidInput)]
    public void TheIncidentTheCommandNames_MustBeAValidIdAndTheChannels(string named, DenialReason reason)
    {
        var verdict = Policy.Evaluate(Bounce(incident: named), IncidentChannel, Open());

        Assert.Equal(reason, Assert.IsType<SubmitVerdict.Denied>(verdict).Reason);
    }

    [Fact]
    public void AnUnknownUser_IsDenied_AsTheChatIdentityGiven()
    {
        var denied = Assert.IsType<SubmitVerdict.Denied>(Policy.Evaluate(Bounce(member: "mallory"), IncidentChannel, Open()));

        Assert.Equal(DenialReason.UnknownUser, denied.Reason);
        Assert.Null(denied.Actor.MemberId);
        Assert.Null(denied.Runbook);
    }

    [Fact]
    public void OnlyRequiredInputsMissing_AsksForThem_WithTheDevicesTheMemberMayTargetHere()
    {
        var command = Bounce() with { Inputs = new Dictionary<string, string>() };

        var needs = Assert.IsType<SubmitVerdict.NeedsInput>(Policy.Evaluate(command, IncidentChannel, Open()));

        Assert.Contains("device", needs.Missing);
        Assert.Contains(needs.AllowedDevices, d => d.Name == "acc-sw-01");
        Assert.DoesNotContain(needs.AllowedDevices, d => d.Name == "core-rtr-01");
    }

    [Theory]
    [InlineData("INC-1", null, "INC-1")]
    [InlineData(" inc-7 ", "INC-4242", "INC-7")]
    [InlineData(null, "inc-4242", "INC-4242")]
    [InlineData(null, null, null)]
    public void IncidentIdOf_IsTheNamedOneElseTheChannels_UpperCased(string? named, string? channelIncident, string? expected)
    {
        var command = Bounce(incident: named);

        Assert.Equal(expected, SubmitPolicy.IncidentIdOf(command, new ChannelContext(ChannelKind.Incident, channelIncident, null)));
    }
}
