namespace ChatNetOps.Conversation.Tests.Rendering;

using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Conversation.Tests.Cards;
using ChatNetOps.Core.Inventory.Loading;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

public sealed class CardLimitsInCardsTests
{
    private static readonly CardBuilder Cards = new(CardTemplates.Load(RepoPaths.CardsDirectory), InventoryLoader.LoadOrThrow(Path.Combine(RepoPaths.RepoRoot, "inventory")));

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

        var message = Cards.Result(request, outputs);

        Assert.True(CardLimits.FitsTeams(message.Card!), $"{CardLimits.PayloadBytes(message.Card!)} bytes");
        var text = PlainTextRenderer.Render(message.Card!).Text;
        Assert.Contains("Output truncated: showing first", text, StringComparison.Ordinal);
        Assert.Contains("…and 275 more devices, not shown here", text, StringComparison.Ordinal);
        Assert.Contains("sw-001, sw-002", PlainTextRenderer.Render(Cards.Status(request).Card!).Text, StringComparison.Ordinal);
        Assert.Contains("and 275 more", PlainTextRenderer.Render(Cards.Status(request).Card!).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void OutputCutWhenStored_IsStatedWithTheRawSizeAndHash()
    {
        var output = CardBuilder.Output([new StoredOutput("R-1", "fw-edge-01", "abc", new string('d', 64), 5_000_000, true, 1 << 20)], 1024);

        Assert.True(output.Truncated);
        Assert.Equal(5_000_000, output.TotalBytes);
        Assert.Equal(new string('d', 64), output.Sha256);
    }
}
