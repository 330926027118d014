namespace ChatNetOps.Conversation.Tests.Dialog;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Reports;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Issue 16, "quiet, precise answers", end to end through the dialog: a usage error is one line to whoever typed it and
/// a usage event outside the incident's chain; raw CLI is pointed at its runbook; a device where a group belongs (and
/// the reverse) names the right runbook; typed inputs survive the form; status and timeline answer in pages.
/// </summary>
public sealed class QuietAnswerTests
{
    [Fact]
    public async Task TypoInAnIncidentChannel_IsAUsageEventOfTheDay_KeptOutOfTheIncidentsChainAndTimeline()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");

        var answer = Assert.Single((await h.SayAsync("bob", "stauts R-12345678")).Messages);
        var refused = Assert.Single((await h.SayAsync("erin", "verify-ospf device=dist-sw-01")).Messages);

        Assert.Equal("unknown command 'stauts'; did you mean status? Type 'help' for the commands you can use here.", answer.Text);
        Assert.True(answer.Ephemeral);
        Assert.Null(answer.Card);
        var usage = Assert.Single(await h.DayEventsAsync(), e => e.Kind == AuditKind.Usage);
        Assert.Null(usage.Incident);
        Assert.Equal("INC-4242", usage.Details["incident"]);
        Assert.Equal("stauts R-12345678", usage.Details["text"]);

        // A real refusal (no grant) is still a red card and stays in the incident's chain; the typo does not.
        Assert.Equal(CardNames.Denied, refused.CardName);
        var chain = await h.EventsAsync("INC-4242");
        Assert.DoesNotContain(chain, e => e.Kind == AuditKind.Usage);
        Assert.DoesNotContain(chain, e => e.Details.GetValueOrDefault("reason") == "InvalidCommand");
        Assert.Contains(chain, e => e.Kind == AuditKind.Denied && e.Details["reason"] == nameof(DenialReason.NotGranted));
        var timeline = await h.Services.GetRequiredService<IncidentTimelineBuilder>().BuildAsync("INC-4242", CancellationToken.None);
        Assert.DoesNotContain(timeline.Events, e => e.Kind == AuditKind.Usage || e.Details.ContainsKey("text"));
        Assert.DoesNotContain("stauts", LifecycleHarness.Render((await h.SayAsync("bob", "timeline")).Messages[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsageEvents_AreStillPhrasesNotUnderstoodInTheReport_NotRefusals()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("alice", "shwo int");
        await h.SayAsync("alice", "shwo int");
        await h.SayAsync("alice", "show ip ospf neighbor");

        var now = h.Time.GetUtcNow();
        var report = await new AuditReportBuilder(h.Audit, h.Time).BuildAsync(new ReportQuery(now.AddDays(-1), now.AddDays(1), null), ReportLookups.From(h.Catalog), CancellationToken.None);

        Assert.Contains(report.NotUnderstood, p => p is { Phrase: "shwo int", Count: 2 });
        Assert.Contains(report.NotUnderstood, p => p is { Phrase: "show ip ospf neighbor", Count: 1 });
        Assert.Equal(0, report.TotalRefusals);
    }

    public static TheoryData<string, string> RawLines => new()
    {
        { "show ip ospf neighbor", "raw commands are not accepted here; verify-ospf does that: verify-ospf device=… (a whole group at once: ospf-fleet-check group=…)." },
        { "sh ip os nei", "raw commands are not accepted here; verify-ospf does that: verify-ospf device=…" },
        { "get router info ospf neighbor", "verify-ospf does that" },
        { "show interfaces Gi1/0/1 | include CRC", "raw commands are not accepted here; interface-counters does that: interface-counters device=… interface=…." },
        { "do show version", "system-status does that" },
        { "run show run", "raw commands are not accepted here; no runbook answers 'show run'. 'runbooks' lists what you can run here." },
        { "conf t", "raw commands are not accepted here; changes are made only through approved runbooks (bounce-interface, clear-ospf-neighbor, enable-interface); 'runbooks' lists what you can run here." },
        { "clear ip ospf process", "raw commands are not accepted here; the closest runbook is clear-ospf-neighbor (Reset the OSPF adjacency with one neighbour on a distribution switch): clear-ospf-neighbor device=… neighbor=…." },
        { "no shutdown", "enable-interface does that" },
    };

    [Theory]
    [MemberData(nameof(RawLines))]
    public async Task RawCli_IsNotAccepted_AndNamesTheRunbookThatDoesIt(string line, string expected)
    {
        await using var h = LifecycleHarness.Create();

        var answer = Assert.Single((await h.SayAsync("alice", line)).Messages);

        Assert.Null(answer.Card);
        Assert.True(answer.Ephemeral);
        Assert.Contains(expected, answer.Text, StringComparison.Ordinal);
        Assert.False(await h.HasJobAsync());
        var usage = Assert.Single(await h.DayEventsAsync());
        Assert.Equal(AuditKind.Usage, usage.Kind);
        Assert.Equal("RawCommand", usage.Details["reason"]);
    }

    [Theory]
    [InlineData("inter device=dist-sw-01", "unknown command 'inter'; did you mean interface-counters?")]
    [InlineData("run verify device=dist-sw-01", "unknown runbook 'verify'; did you mean verify-ospf?")]
    [InlineData("sytem-status", "did you mean system-status?")]
    public async Task MistypedRunbookNames_AreNotTakenForRawCli(string line, string expected)
    {
        await using var h = LifecycleHarness.Create();

        var answer = Assert.Single((await h.SayAsync("alice", line)).Messages);

        Assert.Contains(expected, answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("raw commands", answer.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("verify-ospf device=distribution", "distribution is a device group, and verify-ospf takes one device (device=…); for the whole group run ospf-fleet-check group=distribution")]
    [InlineData("verify-ospf distribution", "for the whole group run ospf-fleet-check group=distribution")]
    [InlineData("ospf-fleet-check group=dist-sw-01", "dist-sw-01 is a device, and ospf-fleet-check takes a device group (group=…); for one device run verify-ospf device=dist-sw-01")]
    [InlineData("interface-counters device=access interface=Gi1/0/1", "access is a device group, and interface-counters takes one device (device=…); 'devices access' lists its devices")]
    public async Task DeviceWhereAGroupBelongs_OrTheReverse_NamesTheRightRunbook(string line, string expected)
    {
        await using var h = LifecycleHarness.Create();

        var answer = Assert.Single((await h.SayAsync("alice", line)).Messages);

        Assert.Null(answer.Card);
        Assert.Contains(expected, answer.Text, StringComparison.Ordinal);
        Assert.False(await h.HasJobAsync());
    }

    [Theory]
    [InlineData("verify-ospf device=acc-sw-01",
        "acc-sw-01 is outside the scope of verify-ospf: it is in access, and verify-ospf targets only edge-firewalls, distribution, core, jump-hosts; it runs on core-rtr-01, dist-sw-01, dist-sw-02, fw-edge-01, fw-edge-02 and 1 more ('devices' lists them)")]
    [InlineData("clear-ospf-neighbor device=fw-edge-01 neighbor=198.51.100.2",
        "fw-edge-01 is outside the scope of clear-ospf-neighbor: it is fortios, and clear-ospf-neighbor runs only on cisco_nxos in distribution; it runs on dist-sw-01, dist-sw-02")]
    [InlineData("ospf-fleet-check group=access", "ospf-fleet-check does not target the group access: it targets edge-firewalls, distribution, core, jump-hosts")]
    public async Task OutOfScopeTarget_SaysTheRealReason_AndWhatTheRunbookTargets(string line, string expected)
    {
        await using var h = LifecycleHarness.Create();

        var answer = Assert.Single((await h.SayAsync("bob", line)).Messages);

        Assert.Contains(expected, answer.Text, StringComparison.Ordinal);
        Assert.False(await h.HasJobAsync());

        // Understood, only not allowed: reports keep it out of the phrases that were not understood.
        var usage = Assert.Single(await h.DayEventsAsync(), e => e.Kind == AuditKind.Usage);
        Assert.Equal("OutOfScope", usage.Details["reason"]);
    }

    [Fact]
    public async Task FormForTheMissingInputs_KeepsWhatWasTyped()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");

        var form = Assert.Single((await h.SayAsync("bob", "bounce-interface device=dist-sw-02")).Messages);

        Assert.Equal(CardNames.RequestForm, form.CardName);
        var device = FindInput(form.Card!, "device");
        Assert.Equal("Input.ChoiceSet", (string?)device["type"]);
        Assert.Equal("dist-sw-02", (string?)device["value"]);
        Assert.Equal("INC-4242", (string?)FindInput(form.Card!, "incidentId")["value"]);
        Assert.StartsWith("bounce-interface needs interface: fill in the form, or type run bounce-interface device=dist-sw-02 interface=…", form.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusWithoutAnId_ListsTheCallersOpenRequests_NewestFirst_Capped()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        var pending = await h.SayAndPreCheckAsync("bob", "clear-ospf-neighbor device=dist-sw-01 neighbor=198.51.100.167");
        var ids = new List<string>();
        for (var i = 0; i < StatusHandlerCap + 2; i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(1));
            ids.Add((await h.SayAsync("alice", "verify-ospf device=dist-sw-01")).Messages[0].RequestId!);
        }

        var alice = Assert.Single((await h.SayAsync("alice", "status")).Messages);
        var bob = Assert.Single((await h.SayAsync("bob", "status")).Messages);
        var dave = Assert.Single((await h.SayAsync("dave", "status")).Messages);

        Assert.True(alice.Ephemeral);
        var lines = alice.Text.Split('\n');
        Assert.Equal($"Your open requests ({StatusHandlerCap + 2}, newest first):", lines[0]);
        Assert.StartsWith($"- {ids[^1]} verify-ospf on dist-sw-01: queued, requested ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith($"- {ids[2]} ", lines[StatusHandlerCap], StringComparison.Ordinal);
        Assert.Equal("…and 2 older not listed.", lines[StatusHandlerCap + 1]);
        Assert.DoesNotContain(pending, alice.Text, StringComparison.Ordinal);
        Assert.Contains($"- {pending} clear-ospf-neighbor on dist-sw-01: awaiting approval, requested ", bob.Text, StringComparison.Ordinal);
        Assert.Contains("(INC-4242)", bob.Text, StringComparison.Ordinal);
        Assert.StartsWith("You have no open requests", dave.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeline_PagesInChat_ByTypingAPage_OrPressingMore()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        for (var i = 0; i < 12; i++)
        {
            await h.SayAsync("bob", "verify-ospf device=dist-sw-01");
        }

        var events = (await h.EventsAsync("INC-4242")).Count;
        var pages = (events + CardLimits.ListedItems - 1) / CardLimits.ListedItems;
        Assert.True(pages >= 2, $"{events} events make one page only");

        var first = Assert.Single((await h.SayAsync("bob", "timeline")).Messages);
        var second = Assert.Single((await h.SayAsync("bob", "timeline INC-4242 page 2")).Messages);
        var more = Assert.Single(PlainTextRenderer.Render(first.Card!).Buttons, b => b.Title.StartsWith("More", StringComparison.Ordinal));
        var pressed = Assert.Single((await h.PressAsync("bob", "timeline", new JsonObject { ["incidentId"] = "INC-4242", ["page"] = 2 })).Messages);
        var beyond = Assert.Single((await h.SayAsync("bob", "timeline page=99")).Messages);

        Assert.Contains($"Page 1 of {pages}: events 1 to {CardLimits.ListedItems} of {events}", LifecycleHarness.Render(first), StringComparison.Ordinal);
        Assert.Equal($"More (page 2 of {pages})", more.Title);
        Assert.Contains($"next: timeline INC-4242 page 2.", first.Text, StringComparison.Ordinal);
        var secondText = LifecycleHarness.Render(second);
        Assert.Contains($"Page 2 of {pages}: events {CardLimits.ListedItems + 1} to ", secondText, StringComparison.Ordinal);
        Assert.Contains($"{CardLimits.ListedItems + 1}. ", secondText, StringComparison.Ordinal);
        Assert.Equal(secondText, LifecycleHarness.Render(pressed));
        Assert.Contains($"Page {pages} of {pages}", LifecycleHarness.Render(beyond), StringComparison.Ordinal);
        Assert.DoesNotContain(PlainTextRenderer.Render(beyond.Card!).Buttons, b => b.Title.StartsWith("More", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("timeline page", "usage: timeline [INC-1234] [page N]")]
    [InlineData("timeline INC-4242 page 0", "usage: timeline [INC-1234] [page N]")]
    [InlineData("timeline page=x", "usage: timeline [INC-1234] [page N]")]
    public async Task Timeline_WithABadPage_IsAUsageHint(string line, string expected)
    {
        await using var h = LifecycleHarness.Create();

        var answer = Assert.Single((await h.SayAsync("bob", line)).Messages);

        Assert.Null(answer.Card);
        Assert.StartsWith(expected, answer.Text, StringComparison.Ordinal);
    }

    private const int StatusHandlerCap = 10;

    private static JsonObject FindInput(JsonObject card, string id) =>
        Walk(card).Single(o => (string?)o["id"] == id && ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true);

    private static IEnumerable<JsonObject> Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                yield return o;
                foreach (var child in o.Select(p => p.Value).SelectMany(Walk))
                {
                    yield return child;
                }

                break;
            case JsonArray a:
                foreach (var child in a.SelectMany(Walk))
                {
                    yield return child;
                }

                break;
        }
    }
}
