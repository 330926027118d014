namespace ChatNetOps.ChangeRecords.Tests;

using ChatNetOps.ChangeRecords.Tests.StandIns;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.ChangeWindows;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Change windows opened from chat stand for ServiceNow changes when <c>ChangeRecords:Sink</c> is ServiceNow (issue 19):
/// <c>change open CHG0031234 …</c> references the existing change (read by number), <c>change open new …</c> creates a
/// normal or standard change whose number becomes the window's id. End to end through the dialog, against the stand-in.
/// </summary>
public sealed class ChangeWindowTicketTests : IAsyncLifetime
{
    private static readonly Core.Requests.ConversationRef Channel = LifecycleHarness.ConsoleConversation("chg-window");
    private ServiceNowStandIn _serviceNow = null!;

    public async Task InitializeAsync() => _serviceNow = await ServiceNowStandIn.StartAsync();

    public async Task DisposeAsync() => await _serviceNow.DisposeAsync();

    [Fact]
    public async Task OpenByNumber_ReferencesTheExistingChange_WhoseNumberIsTheWindowsId()
    {
        var existing = _serviceNow.AddChange("CHG0040001", "normal", "Replace access uplinks (CAB approved)");
        await using var h = Harness();

        var card = Assert.Single((await h.SayAsync("bob", "change open CHG0040001 \"Replace access uplinks\" start=now end=+2h devices=acc-sw-01", Channel)).Messages);

        Assert.Equal(CardNames.ChangeWindow, card.CardName);
        Assert.Contains("ServiceNow CHG0040001 (normal)", LifecycleHarness.Render(card), StringComparison.Ordinal);
        Assert.Contains(_serviceNow.Calls, c => c.StartsWith("GET /api/sn_chg_rest/change?sysparm_query=number%3DCHG0040001", StringComparison.Ordinal));
        Assert.DoesNotContain(_serviceNow.Calls, c => c.StartsWith("POST ", StringComparison.Ordinal));
        var window = (await h.Services.GetRequiredService<IChangeWindowStore>().GetAsync("CHG0040001", CancellationToken.None))!;
        Assert.Equal(("ServiceNow", existing["sys_id"]!.GetValue<string>()), (window.Ticket!.System, window.Ticket.Key));
        var opened = Assert.Single(await h.EventsAsync("CHG0040001"));
        Assert.Equal((AuditKind.ChangeWindowOpened, "false", "CHG0040001"), (opened.Kind, opened.Details["ticketCreated"], opened.Details["ticket"]));
    }

    [Fact]
    public async Task OpenByNumber_ThatServiceNowDoesNotKnow_IsRefused_AndNothingIsOpened()
    {
        await using var h = Harness();

        var answer = LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", "change open CHG0099999 \"x\" start=now end=+2h group=access", Channel)).Messages));

        Assert.Contains("ServiceNow has no change CHG0099999", answer, StringComparison.Ordinal);
        Assert.Null(await h.Services.GetRequiredService<IChangeWindowStore>().GetAsync("CHG0099999", CancellationToken.None));
    }

    [Fact]
    public async Task OpenNew_CreatesANormalChangeWithTheWindowsPlan_AndTakesItsNumber()
    {
        await using var h = Harness();

        var card = Assert.Single((await h.SayAsync("bob", "change open new \"Replace access uplinks\" start=+1h end=+3h group=access", Channel)).Messages);

        var created = Assert.Single(_serviceNow.Changes);
        var number = created["number"]!.GetValue<string>();
        Assert.StartsWith($"{number} opened by Bob Brandt", card.Text, StringComparison.Ordinal);
        Assert.Contains("POST /api/sn_chg_rest/change/normal", _serviceNow.Calls);
        Assert.Equal(
            ("normal", "Replace access uplinks", "2026-11-23 10:00:00", "2026-11-23 12:00:00", "ChatNetOps"),
            (created["type"]!.GetValue<string>(), created["short_description"]!.GetValue<string>(), created["start_date"]!.GetValue<string>(),
             created["end_date"]!.GetValue<string>(), created["correlation_display"]!.GetValue<string>()));
        Assert.Contains("Scope: group access.", created["description"]!.GetValue<string>(), StringComparison.Ordinal);
        var window = (await h.Services.GetRequiredService<IChangeWindowStore>().GetAsync(number, CancellationToken.None))!;
        Assert.Equal((number, "normal"), (window.Ticket!.Number, window.Ticket.Type));
        Assert.Equal("true", Assert.Single(await h.EventsAsync(number)).Details["ticketCreated"]);
    }

    [Fact]
    public async Task OpenNew_Standard_CreatesItFromItsTemplate()
    {
        await using var h = Harness();

        await h.SayAsync("bob", "change open new \"Bounce access ports\" start=now end=+1h devices=acc-sw-01 type=standard template=std-bounce", Channel);

        Assert.Contains("POST /api/sn_chg_rest/change/standard/std-bounce", _serviceNow.Calls);
        Assert.Equal("standard", Assert.Single(_serviceNow.Changes)["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task WithoutTheChangeManagementApi_TheTableApiIsUsed()
    {
        _serviceNow.ChangeApiInstalled = false;
        _serviceNow.AddChange("CHG0040002", "normal", "Planned");
        await using var h = Harness();

        Assert.Equal(CardNames.ChangeWindow, Assert.Single((await h.SayAsync("bob", "change open CHG0040002 \"Planned\" start=now end=+2h group=access", Channel)).Messages).CardName);

        Assert.Contains(_serviceNow.Calls, c => c.StartsWith("GET /api/now/table/change_request?sysparm_query=number%3DCHG0040002", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServiceNowDown_RefusesWithAPlainMessage_AndOpensNothing()
    {
        _serviceNow.Down = () => true;
        await using var h = Harness();

        var answer = LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", "change open new \"x\" start=now end=+2h group=access", Channel)).Messages));

        Assert.Contains("ServiceNow could not be reached to create the change; nothing was opened.", answer, StringComparison.Ordinal);
        Assert.DoesNotContain(ServiceNowStandIn.Password, answer, StringComparison.Ordinal);
        Assert.Empty(await h.Services.GetRequiredService<IChangeWindowStore>().ListRecentAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task WithoutATicketingSink_OpenNewIsRefused_AndANamedChangeIsAPlainWindow()
    {
        await using var h = LifecycleHarness.Create();

        var refused = LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", "change open new \"x\" start=now end=+2h group=access", Channel)).Messages));
        Assert.Contains("none is configured (ChangeRecords:Sink)", refused, StringComparison.Ordinal);
        Assert.Equal(nameof(DenialReason.InvalidInput), (await h.DayEventsAsync()).Last(e => e.Kind == AuditKind.Denied).Details["reason"]);

        await h.SayAsync("bob", "change open CHG0040001 \"x\" start=now end=+2h group=access", Channel);
        Assert.Null((await h.Services.GetRequiredService<IChangeWindowStore>().GetAsync("CHG0040001", CancellationToken.None))!.Ticket);
        Assert.Empty(_serviceNow.Calls);
    }

    private LifecycleHarness Harness() => LifecycleHarness.Create(
        services => services.AddChatNetOpsChangeRecords(runDispatcher: false),
        new Dictionary<string, string?>
        {
            ["ChangeRecords:Sink"] = "ServiceNow",
            ["ChangeRecords:ServiceNow:InstanceUrl"] = _serviceNow.BaseAddress.ToString(),
            ["ChangeRecords:ServiceNow:Username"] = ServiceNowStandIn.User,
            ["ChangeRecords:ServiceNow:Password"] = ServiceNowStandIn.Password,
        });
}
