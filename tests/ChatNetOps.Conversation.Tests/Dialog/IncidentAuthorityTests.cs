namespace ChatNetOps.Conversation.Tests.Dialog;

using ChatNetOps.Conversation.Cards;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.DependencyInjection;
using ChatNetOps.Testing.Lifecycle;

/// <summary>
/// Binding a conversation to an incident is what lets state-changing runbooks run there, so it takes a grant of the
/// incident action (incident-commander in the shipped policy), never happens in a direct message, never moves an
/// incident that policy binds elsewhere, and a request can only name an incident that exists and is open.
/// </summary>
public sealed class IncidentAuthorityTests
{
    private const string Bounce = "bounce-interface device=acc-sw-01 interface=GigabitEthernet1/0/1";
    private static readonly ConversationRef RandomChannel = new(ChatPlatform.Slack, "C0RANDOM01", ChannelKind.Group);

    [Fact]
    public async Task AViewer_CannotBindAChannel_SoASecondEngineerCannotRequestStateChangesThere()
    {
        await using var h = LifecycleHarness.Create();

        var open = Assert.Single((await h.SayAsync("U0ERIN00005", "incident open INC-5001 \"not mine to open\"", RandomChannel)).Messages);
        var request = Assert.Single((await h.SayAsync("U0BOB000002", Bounce, RandomChannel)).Messages);

        AssertRefused(open, "IncidentRefused");
        Assert.Contains("do not allow opening, closing or binding incidents", LifecycleHarness.Render(open), StringComparison.Ordinal);
        Assert.Null(await Incidents(h).GetAsync("INC-5001", CancellationToken.None));
        AssertRefused(request, nameof(DenialReason.NotGranted));
        Assert.Null(request.RequestId);
        Assert.False(await h.HasJobAsync());
    }

    [Fact]
    public async Task AnEngineerWithoutTheIncidentGrant_CannotOpenOne()
    {
        await using var h = LifecycleHarness.Create();

        var open = Assert.Single((await h.SayAsync("U0ALICE0001", "incident open INC-5002 \"noc wants a channel\"", RandomChannel)).Messages);

        AssertRefused(open, "IncidentRefused");
        Assert.Null(await Incidents(h).GetAsync("INC-5002", CancellationToken.None));

        // The audit event carries the card's reason code and the channel kind (the report said "unknown" and "-").
        var denied = Assert.Single(await h.DayEventsAsync(), e => e.Kind == AuditKind.Denied && e.Details.GetValueOrDefault("action") == "incident");
        Assert.Equal(("IncidentRefused", "Group"), (denied.Details.GetValueOrDefault("reason"), denied.Details.GetValueOrDefault("channelKind")));
    }

    [Fact]
    public async Task AnIncidentCommander_OpensOne_AndStateChangingRequestsThereAreAccepted()
    {
        await using var h = LifecycleHarness.Create();

        var open = Assert.Single((await h.SayAsync("U0BOB000002", "incident open INC-5003 \"port flaps\"", RandomChannel)).Messages);
        var request = Assert.Single((await h.SayAsync("U0CAROL0003", Bounce, RandomChannel)).Messages);

        Assert.Equal(CardNames.IncidentSummary, open.CardName);
        Assert.NotNull(request.RequestId);
    }

    [Fact]
    public async Task AViewer_CannotCloseSomeoneElsesIncident()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("U0BOB000002", "incident open INC-5004 \"port flaps\"", RandomChannel);

        var close = Assert.Single((await h.SayAsync("U0ERIN00005", "incident close", RandomChannel)).Messages);

        AssertRefused(close, "IncidentRefused");
        Assert.Equal(IncidentState.Open, (await Incidents(h).GetAsync("INC-5004", CancellationToken.None))!.State);
    }

    [Fact]
    public async Task AnIncidentThatPolicyBindsElsewhere_CannotBeAttachedToAnotherChannel()
    {
        await using var h = LifecycleHarness.Create();

        var attach = Assert.Single((await h.SayAsync("U0BOB000002", "incident open INC-1001 \"core outage\"", RandomChannel)).Messages);
        var request = Assert.Single((await h.SayAsync("U0CAROL0003", Bounce, RandomChannel)).Messages);

        AssertRefused(attach, "IncidentRefused");
        Assert.Contains("bound by policy to another conversation", LifecycleHarness.Render(attach), StringComparison.Ordinal);
        AssertRefused(request, nameof(DenialReason.NotGranted));
        Assert.Null(request.RequestId);
    }

    [Fact]
    public async Task AChannelThatPolicyBinds_CannotBeReboundToAnotherIncident()
    {
        await using var h = LifecycleHarness.Create();
        var policyBound = new ConversationRef(ChatPlatform.Slack, "C0INC1001", ChannelKind.Group);

        var rebind = Assert.Single((await h.SayAsync("U0BOB000002", "incident open INC-5005 \"mine now\"", policyBound)).Messages);

        AssertRefused(rebind, "IncidentRefused");
        Assert.Null(await Incidents(h).GetAsync("INC-5005", CancellationToken.None));
    }

    [Fact]
    public async Task ADirectMessage_IsNeverBound()
    {
        await using var h = LifecycleHarness.Create();
        var dm = new ConversationRef(ChatPlatform.Slack, "D0BOBDM001", ChannelKind.Direct);

        var open = Assert.Single((await h.SayAsync("U0BOB000002", "incident open INC-5006 \"from my DM\"", dm)).Messages);

        AssertRefused(open, "IncidentRefused");
        Assert.Contains("direct message cannot be bound", LifecycleHarness.Render(open), StringComparison.Ordinal);
        Assert.Null(await Incidents(h).GetAsync("INC-5006", CancellationToken.None));
    }

    [Fact]
    public async Task ARequestNamingAnIncidentThatWasNeverOpened_IsRefused_AndGetsNoAuditPartition()
    {
        await using var h = LifecycleHarness.Create();
        var changeWindow = new ConversationRef(ChatPlatform.Slack, "C0CHG2001", ChannelKind.Group);

        var answer = Assert.Single((await h.SayAsync("U0BOB000002", Bounce + " incident=INC-99999", changeWindow)).Messages);

        AssertRefused(answer, nameof(DenialReason.UnknownIncident));
        Assert.DoesNotContain("INC-99999", await h.Audit.ListPartitionsAsync(CancellationToken.None));
        Assert.Contains(await h.DayEventsAsync(), e => e.Kind == AuditKind.Denied && e.Details["reason"] == nameof(DenialReason.UnknownIncident));
        Assert.False(await h.HasJobAsync());
    }

    [Fact]
    public async Task ARequestNamingAnOpenIncident_IsAccepted_AndAClosedOne_IsRefused()
    {
        await using var h = LifecycleHarness.Create();
        var changeWindow = new ConversationRef(ChatPlatform.Slack, "C0CHG2001", ChannelKind.Group);
        await h.SayAsync("bob", "incident open INC-5007 \"drain\"");

        var accepted = Assert.Single((await h.SayAsync("U0BOB000002", Bounce + " incident=INC-5007", changeWindow)).Messages);
        await h.SayAsync("bob", "incident close \"drained and restored\"");
        var refused = Assert.Single((await h.SayAsync("U0BOB000002", "bounce-interface device=acc-sw-02 interface=GigabitEthernet1/0/1 incident=INC-5007", changeWindow)).Messages);

        Assert.NotNull(accepted.RequestId);
        AssertRefused(refused, nameof(DenialReason.IncidentClosed));
    }

    [Fact]
    public async Task AnIncidentDeclaredByAPolicyBinding_NeedsNoIncidentOpen()
    {
        await using var h = LifecycleHarness.Create();
        var policyBound = new ConversationRef(ChatPlatform.Slack, "C0INC1001", ChannelKind.Group);

        var request = Assert.Single((await h.SayAsync("U0BOB000002", Bounce, policyBound)).Messages);

        Assert.NotNull(request.RequestId);
    }

    [Fact]
    public async Task ARefusalAboutAMadeUpIncident_DoesNotCreateItsPartition()
    {
        await using var h = LifecycleHarness.Create();

        await h.SayAsync("U0ERIN00005", "incident open INC-77777 \"spam\"", RandomChannel);

        Assert.DoesNotContain("INC-77777", await h.Audit.ListPartitionsAsync(CancellationToken.None));
        Assert.Contains(await h.DayEventsAsync(), e => e.Kind == AuditKind.Denied && e.Details.GetValueOrDefault("action") == "incident");
    }

    [Fact]
    public async Task ARefusedOpenOfAPolicyDeclaredIncidentNobodyWorkedOn_DoesNotCreateItsPartition()
    {
        await using var h = LifecycleHarness.Create();

        // INC-1001 is declared by a policy binding, but has no chain yet: a refusal must not start one.
        var open = Assert.Single((await h.SayAsync("U0ERIN00005", "incident open INC-1001 \"not mine\"", RandomChannel)).Messages);

        AssertRefused(open, "IncidentRefused");
        Assert.DoesNotContain("INC-1001", await h.Audit.ListPartitionsAsync(CancellationToken.None));
        Assert.Contains(await h.DayEventsAsync(), e => e.Kind == AuditKind.Denied && e.Details.GetValueOrDefault("action") == "incident");
    }

    private static IIncidentStore Incidents(LifecycleHarness h) => h.Services.GetRequiredService<IIncidentStore>();

    private static void AssertRefused(Messages.OutboundMessage message, string reason)
    {
        Assert.Equal(CardNames.Denied, message.CardName);
        Assert.Contains(reason, LifecycleHarness.Render(message), StringComparison.Ordinal);
    }
}
