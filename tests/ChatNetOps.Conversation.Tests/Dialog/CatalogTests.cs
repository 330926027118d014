namespace ChatNetOps.Conversation.Tests.Dialog;

using System.Globalization;
using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.DependencyInjection;
using ChatNetOps.Testing.Lifecycle;

/// <summary><c>devices [group]</c> and <c>locks</c> answer with the device-list and lock-list cards and an informative text fallback.</summary>
public sealed class CatalogTests
{
    [Fact]
    public async Task Devices_AnswersWithTheDeviceListCard_OfEveryDeviceTheUserMayTargetHere()
    {
        await using var h = LifecycleHarness.Create();

        var answer = Assert.Single((await h.SayAsync("alice", "devices")).Messages);

        Assert.Equal(CardNames.DeviceList, answer.CardName);
        var all = h.Catalog.Devices.OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase).ToArray();
        Assert.Equal($"Devices you may target here ({all.Length})", Heading(answer));
        var facts = Facts(answer);
        Assert.Equal(all.Select(d => d.Name), facts.Select(f => f.Title));
        Assert.Equal("cisco_nxos · ams1 · distribution", Assert.Single(facts, f => f.Title == "dist-sw-01").Value);
        Assert.Equal("fortios · ams1 · edge-firewalls", Assert.Single(facts, f => f.Title == "fw-edge-01").Value);
        Assert.DoesNotContain("locked by", LifecycleHarness.Render(answer), StringComparison.Ordinal);
        Assert.DoesNotContain("not listed", LifecycleHarness.Render(answer), StringComparison.Ordinal);
        Assert.StartsWith($"Devices you may target here ({all.Length}):\n- acc-sw-01 (cisco_ios, access, ams1)\n", answer.Text, StringComparison.Ordinal);
        Assert.Contains("\n- dist-sw-01 (cisco_nxos, distribution, ams1)\n", answer.Text, StringComparison.Ordinal);
        Assert.Equal(all.Length + 1, answer.Text.Split('\n').Length);
    }

    [Fact]
    public async Task Devices_ForAViewer_ListsOnlyWhatTheirRunbooksTarget()
    {
        await using var h = LifecycleHarness.Create();
        var systemStatus = h.Catalog.FindRunbook("system-status")!;

        var answer = Assert.Single((await h.SayAsync("erin", "devices")).Messages);

        var expected = h.Catalog.Devices.Where(systemStatus.Targets).Select(d => d.Name).Order(StringComparer.OrdinalIgnoreCase).ToArray();
        Assert.Equal(CardNames.DeviceList, answer.CardName);
        Assert.Equal(expected, Facts(answer).Select(f => f.Title));
        Assert.StartsWith($"Devices you may target here ({expected.Length}):", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevicesOfAGroup_ShowsTheGroupAndOnlyItsDevices()
    {
        await using var h = LifecycleHarness.Create();

        var answer = Assert.Single((await h.SayAsync("alice", "devices access")).Messages);

        Assert.Equal(CardNames.DeviceList, answer.CardName);
        Assert.Equal("Devices in access you may target here (3)", Heading(answer));
        Assert.Equal(["acc-sw-01", "acc-sw-02", "acc-sw-03"], Facts(answer).Select(f => f.Title));
        Assert.All(Facts(answer), f => Assert.Equal("cisco_ios · ams1 · access", f.Value));
        Assert.Equal(
            "Devices in access you may target here (3):\n- acc-sw-01 (cisco_ios, access, ams1)\n- acc-sw-02 (cisco_ios, access, ams1)\n- acc-sw-03 (cisco_ios, access, ams1)",
            answer.Text);
    }

    [Fact]
    public async Task Devices_ALockedDevice_SaysWhoHoldsItsLock_InTheCardAndTheText()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        await h.SayAsync("bob", "clear-ospf-neighbor device=dist-sw-01 neighbor=198.51.100.167");

        var answer = Assert.Single((await h.SayAsync("alice", "devices distribution")).Messages);

        var facts = Facts(answer);
        Assert.Equal("cisco_nxos · ams1 · distribution · locked by Bob Brandt", Assert.Single(facts, f => f.Title == "dist-sw-01").Value);
        Assert.Equal("cisco_nxos · ams1 · distribution", Assert.Single(facts, f => f.Title == "dist-sw-02").Value);
        Assert.Contains("- dist-sw-01 (cisco_nxos, distribution, ams1), locked by Bob Brandt\n", answer.Text, StringComparison.Ordinal);
        Assert.EndsWith("- dist-sw-02 (cisco_nxos, distribution, ams1)", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Devices_ALockWhoseLeaseRanOut_IsNotShown()
    {
        await using var h = LifecycleHarness.Create();
        await AcquireAsync(h, "dist-sw-01", "R-OLD00001", incident: null, lease: TimeSpan.FromMinutes(5));
        h.Time.Advance(TimeSpan.FromMinutes(6));

        var answer = Assert.Single((await h.SayAsync("alice", "devices distribution")).Messages);

        Assert.DoesNotContain("locked by", LifecycleHarness.Render(answer), StringComparison.Ordinal);
        Assert.DoesNotContain("locked by", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Devices_NoneTargetableHere_IsAPlainTextAnswer()
    {
        await using var h = LifecycleHarness.Create();
        var slackGroup = new ConversationRef(ChatPlatform.Slack, "C0RANDOM1", ChannelKind.Group);

        var answer = Assert.Single((await h.SayAsync("U0ERIN00005", "devices", slackGroup)).Messages);

        Assert.Null(answer.Card);
        Assert.Equal("No devices are available to you here.", answer.Text);
    }

    [Fact]
    public async Task Locks_NoneHeld_IsThePlainText()
    {
        await using var h = LifecycleHarness.Create();

        var answer = Assert.Single((await h.SayAsync("alice", "locks")).Messages);

        Assert.Null(answer.Card);
        Assert.Equal("No device is locked.", answer.Text);
    }

    [Fact]
    public async Task Locks_AnswersWithTheLockListCard_DeviceOperatorRequestRunbookIncidentSinceAndLease()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        var request = (await h.SayAsync("bob", "clear-ospf-neighbor device=dist-sw-01 neighbor=198.51.100.167")).Messages[0].RequestId!;
        h.Time.Advance(TimeSpan.FromMinutes(2));
        await AcquireAsync(h, "acc-sw-02", "R-OTHER001", incident: null, lease: TimeSpan.FromMinutes(20));
        var held = await h.Services.GetRequiredService<IDeviceLockStore>().GetAsync("dist-sw-01", CancellationToken.None);

        var answer = Assert.Single((await h.SayAsync("alice", "locks")).Messages);

        Assert.Equal(CardNames.LockList, answer.CardName);
        Assert.Equal("Locked devices (2)", Heading(answer));
        Assert.Equal(
            [
                ("acc-sw-02", "held until its lease ends · held by Carol Castillo · bounce-interface · request R-OTHER001 · since 2026-11-23T09:02:00Z · lease until 2026-11-23T09:22:00Z"),
                ("dist-sw-01", $"awaiting approval by Carol Castillo or Dave Dietrich or Sam Second · held by Bob Brandt · clear-ospf-neighbor for INC-4242 · request {request} · since 2026-11-23T09:00:00Z · lease until {Formats.Time(held!.LeaseUntil)}"),
            ],
            Facts(answer));
        Assert.Equal(
            "Locked devices (2):\n"
            + "- acc-sw-02: held until its lease ends — bounce-interface by Carol Castillo since 2026-11-23T09:02:00Z, request R-OTHER001\n"
            + $"- dist-sw-01: awaiting approval by Carol Castillo or Dave Dietrich or Sam Second — clear-ospf-neighbor by Bob Brandt for INC-4242 since 2026-11-23T09:00:00Z, request {request}",
            answer.Text);
    }

    [Fact]
    public async Task Locks_OverTheCap_ListsTheCapAndSaysHowManyMore_InTheCardAndTheText()
    {
        await using var h = LifecycleHarness.Create();
        var count = CardLimits.ListedLines + 20;
        for (var i = 0; i < count; i++)
        {
            await AcquireAsync(h, string.Create(CultureInfo.InvariantCulture, $"lab-sw-{i:000}"), string.Create(CultureInfo.InvariantCulture, $"R-CAP{i:00000}"), "INC-7", TimeSpan.FromHours(1));
        }

        var answer = Assert.Single((await h.SayAsync("alice", "locks")).Messages);

        Assert.Equal(CardNames.LockList, answer.CardName);
        Assert.True(CardLimits.FitsTeams(answer.Card!), $"{CardLimits.PayloadBytes(answer.Card!)} bytes");
        Assert.Equal($"Locked devices ({count})", Heading(answer));
        Assert.Equal(CardLimits.ListedLines, Facts(answer).Count);
        Assert.Equal("lab-sw-000", Facts(answer)[0].Title);
        Assert.EndsWith("…and 20 more not listed.", LifecycleHarness.Render(answer), StringComparison.Ordinal);
        Assert.StartsWith($"Locked devices ({count}):\n", answer.Text, StringComparison.Ordinal);
        Assert.EndsWith("\n…and 20 more not listed.", answer.Text, StringComparison.Ordinal);
        Assert.Equal(CardLimits.ListedLines, answer.Text.Split('\n').Count(l => l.StartsWith("- lab-sw-", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("devices")]
    [InlineData("locks")]
    public async Task CatalogCommand_ForAnUnknownUser_IsRefused(string line)
    {
        await using var h = LifecycleHarness.Create();

        var answer = Assert.Single((await h.SayAsync("mallory", line)).Messages);

        Assert.Equal(CardNames.Denied, answer.CardName);
    }

    /// <summary>A lock held by Carol for bounce-interface, taken now, straight in the store.</summary>
    private static async Task AcquireAsync(LifecycleHarness h, string device, string requestId, string? incident, TimeSpan lease)
    {
        var now = h.Time.GetUtcNow();
        var owner = new Actor(ChatPlatform.Console, "carol", "Carol Castillo") { MemberId = "carol" };
        var acquisition = await h.Services.GetRequiredService<IDeviceLockStore>().TryAcquireAsync(
            new DeviceLock(device, requestId, owner, "bounce-interface", incident, now, now + lease), now, CancellationToken.None);
        Assert.IsType<LockAcquisition.Acquired>(acquisition);
    }

    private static string? Heading(OutboundMessage message) => CardText.Unescape((string?)message.Card!["body"]![0]!["text"] ?? string.Empty);

    /// <summary>The (title, value) facts of the card's one FactSet: one per device or lock.</summary>
    private static List<(string Title, string Value)> Facts(OutboundMessage message) =>
        [.. message.Card!["body"]!.AsArray().OfType<JsonObject>().Single(e => (string?)e["type"] == "FactSet")["facts"]!.AsArray()
            .Select(f => (CardText.Unescape((string)f!["title"]!), CardText.Unescape((string)f["value"]!)))];
}
