namespace ChatNetOps.Conversation.Tests.Rendering;

using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Conversation.Tests.Cards;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Inventory.Loading;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

public sealed class CardLimitsInCardsTests
{
    private static readonly CardTemplates Templates = CardTemplates.Load(RepoPaths.CardsDirectory);
    private static readonly RequestCards Requests = new(Templates, InventoryLoader.LoadOrThrow(Path.Combine(RepoPaths.RepoRoot, "inventory")));
    private static readonly CatalogCards Catalog = new(Templates);

    [Fact]
    public void ResultOfManyDevicesWithLongOutput_FitsTeamsAndSaysWhatWasCut()
    {
        var devices = Enumerable.Range(1, 300).Select(i => $"sw-{i:000}").ToArray();
        var at = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
        var summaries = devices.Select(d => new DeviceRunSummary(d, ExecutionStatus.Succeeded, 0, new string('a', 64), 40_000, at, at.AddSeconds(2), null)).ToArray();
        var request = new RunRequest("R-MANY0001", "system-status", "v1", Core.Inventory.RunbookMode.ReadOnly, new Dictionary<string, string> { ["group"] = "access" },
            devices, new Actor(ChatPlatform.Slack, "U0ALICE0001", "Alice Anders"), new ConversationRef(ChatPlatform.Slack, "C1", ChannelKind.Group), null, RequestStatus.Succeeded, at)
        {
            ApprovalHash = "h",
            UpdatedAt = at.AddSeconds(3),
            Result = new ExecutionSummary(ExecutionStatus.Succeeded, 0, new string('b', 64), at, at.AddSeconds(3), summaries),
        };
        var outputs = devices.Select(d => new StoredOutput(request.Id, d, string.Concat(Enumerable.Repeat($"{d} line of output ✓\n", 2000)), new string('c', 64), 60_000, false, 1 << 20)).ToArray();

        var message = Requests.Result(request, outputs);

        Assert.True(CardLimits.FitsTeams(message.Card!), $"{CardLimits.PayloadBytes(message.Card!)} bytes");
        var text = PlainTextRenderer.Render(message.Card!).Text;
        Assert.Contains("Output truncated: showing first", text, StringComparison.Ordinal);
        Assert.Contains("…and 275 more devices, not shown here", text, StringComparison.Ordinal);
        Assert.Contains("sw-001, sw-002", PlainTextRenderer.Render(Requests.Status(request).Card!).Text, StringComparison.Ordinal);
        Assert.Contains("and 275 more", PlainTextRenderer.Render(Requests.Status(request).Card!).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void DeviceListOverTheCap_ListsTheCap_SaysHowManyMoreAndHowToNarrow()
    {
        var devices = Enumerable.Range(1, 300).Select(i => new Device($"sw-{i:000}", Platform.CiscoIos, ["access"], "ams1", "192.0.2.1", 22, Transport.Lab, "lab", null, 1)).ToArray();
        var at = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
        var held = new DeviceLock("sw-002", "R-1", new Actor(ChatPlatform.Console, "bob", "Bob Brandt"), "bounce-interface", "INC-1", at, at.AddMinutes(30));

        var message = Catalog.DeviceList(devices, "access", [held]);

        Assert.Equal(CardNames.DeviceList, message.CardName);
        Assert.True(CardLimits.FitsTeams(message.Card!), $"{CardLimits.PayloadBytes(message.Card!)} bytes");
        var text = PlainTextRenderer.Render(message.Card!).Text;
        Assert.Contains("== Devices in access you may target here (300) ==", text, StringComparison.Ordinal);
        Assert.Contains("sw-002: cisco_ios · ams1 · access · locked by Bob Brandt", text, StringComparison.Ordinal);
        Assert.Contains($"sw-{CardLimits.ListedLines:000}:", text, StringComparison.Ordinal);
        Assert.DoesNotContain($"sw-{CardLimits.ListedLines + 1:000}:", text, StringComparison.Ordinal);
        Assert.EndsWith("…and 200 more not listed; narrow with devices GROUP.", text, StringComparison.Ordinal);
        Assert.Contains("- sw-002 (cisco_ios, access, ams1), locked by Bob Brandt\n", message.Text, StringComparison.Ordinal);
        Assert.EndsWith("\n…and 200 more not listed; narrow with devices GROUP.", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void LockListOfVeryLongLocks_ShrinksUntilItFitsTeams_AndSaysHowManyWereLeftOut()
    {
        var at = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
        var owner = new Actor(ChatPlatform.Teams, "29:x", "Operator " + new string('o', 200));
        var held = Enumerable.Range(1, 150)
            .Select(i => new DeviceLock($"device-{i:000}-" + new string('d', 100), $"R-{i:00000000}", owner, "runbook-" + new string('r', 100), $"INC-{i}", at, at.AddMinutes(30)))
            .ToArray();

        var message = Catalog.LockList(held);

        Assert.True(CardLimits.FitsTeams(message.Card!), $"{CardLimits.PayloadBytes(message.Card!)} bytes");
        var text = PlainTextRenderer.Render(message.Card!).Text;
        var listed = text.Split('\n').Count(l => l.TrimStart().StartsWith("device-", StringComparison.Ordinal));
        Assert.InRange(listed, 1, CardLimits.ListedLines - 1);
        Assert.EndsWith($"…and {150 - listed} more not listed.", text, StringComparison.Ordinal);
        Assert.Equal(CardLimits.ListedLines, message.Text.Split('\n').Count(l => l.StartsWith("- device-", StringComparison.Ordinal)));
    }

    [Fact]
    public void ApprovalFor75Approvers_CarriesTheFirst60OfTheirTeamsIds_AndFitsTeams()
    {
        var at = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
        var approvers = Enumerable.Range(1, 75).Select(i => new Member($"approver-{i}", $"Approver {i}", ["change-approver"]) { TeamsAadObjectId = $"aad-{i}", SlackUserId = $"U{i:0000000}" }).ToArray();
        var request = new RunRequest("R-APPR0001", "bounce-interface", "v1", Core.Inventory.RunbookMode.StateChanging, new Dictionary<string, string> { ["interface"] = "Gi1/0/4" },
            ["acc-sw-01"], new Actor(ChatPlatform.Teams, "aad-requester", "Pat Requester"), new ConversationRef(ChatPlatform.Teams, "19:c", ChannelKind.Incident), "INC-1", RequestStatus.AwaitingApproval, at) { ApprovalHash = "h" };

        var message = Requests.Approval(request, approvers, canAct: false);

        Assert.Equal(CardLimits.TeamsRefreshUserIds, message.ApproverIds.Count);
        Assert.Equal(approvers.Take(CardLimits.TeamsRefreshUserIds).Select(a => a.TeamsAadObjectId), message.ApproverIds);
        Assert.Empty(message.Card!["refresh"]!["userIds"]!.AsArray());
        Assert.True(CardLimits.FitsTeams(message.Card!), $"{CardLimits.PayloadBytes(message.Card!)} bytes");
    }

    [Fact]
    public void OutputCutWhenStored_IsStatedWithTheRawSizeAndHash()
    {
        var output = RequestCards.Output([new StoredOutput("R-1", "fw-edge-01", "abc", new string('d', 64), 5_000_000, true, 1 << 20)], 1024);

        Assert.True(output.Truncated);
        Assert.Equal(5_000_000, output.TotalBytes);
        Assert.Equal(new string('d', 64), output.Sha256);
    }
}
