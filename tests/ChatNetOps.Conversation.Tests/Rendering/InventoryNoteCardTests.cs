namespace ChatNetOps.Conversation.Tests.Rendering;

using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Conversation.Tests.Cards;
using ChatNetOps.Core.Inventory.Loading;
using ChatNetOps.Core.Inventory.Sources;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

/// <summary>Cards for requests on devices from a stale inventory source say so; others do not.</summary>
public sealed class InventoryNoteCardTests
{
    [Fact]
    public async Task StatusAndApprovalCards_OnADeviceFromAStaleSource_CarryTheNote()
    {
        var source = new FlakySource();
        var catalog = InventoryLoader.LoadOrThrow(Path.Combine(RepoPaths.RepoRoot, "inventory"));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        using var refresher = new InventoryRefresher(catalog, source, Options.Create(new InventorySourceOptions { SnapshotPath = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json") }), time, NullLogger<InventoryRefresher>.Instance);
        await refresher.RefreshAsync(persist: false, CancellationToken.None);
        var cards = new RequestCards(CardTemplates.Load(RepoPaths.CardsDirectory), catalog);
        Assert.DoesNotContain("stale", PlainTextRenderer.Render(cards.Status(Request("nb-sw-01")).Card!).Text, StringComparison.Ordinal);

        source.Down = true;
        time.Advance(TimeSpan.FromMinutes(7));
        await refresher.RefreshAsync(persist: false, CancellationToken.None);

        const string Note = "Inventory from NetBox is stale: details as of 2026-11-23 09:00:00Z, source unreachable since 2026-11-23 09:07:00Z.";
        Assert.Contains(Note, PlainTextRenderer.Render(cards.Status(Request("nb-sw-01")).Card!).Text, StringComparison.Ordinal);
        Assert.Contains(Note, PlainTextRenderer.Render(cards.Approval(Request("nb-sw-01"), [], canAct: false).Card!).Text, StringComparison.Ordinal);
        Assert.DoesNotContain("stale", PlainTextRenderer.Render(cards.Status(Request("fw-edge-01")).Card!).Text, StringComparison.Ordinal);
    }

    private static RunRequest Request(string device)
    {
        var at = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
        return new RunRequest("R-NOTE0001", "system-status", "v1", Core.Inventory.RunbookMode.ReadOnly, new Dictionary<string, string> { ["device"] = device },
            [device], new Actor(ChatPlatform.Slack, "U0ALICE0001", "Alice Anders"), new ConversationRef(ChatPlatform.Slack, "C1", ChannelKind.Group), null, RequestStatus.Queued, at)
        {
            ApprovalHash = "h",
            UpdatedAt = at,
        };
    }

    private sealed class FlakySource : IInventorySource
    {
        public bool Down { get; set; }

        public string Kind => "NetBox";

        public string Location => "https://netbox.example";

        public Task<IReadOnlyList<SourceDevice>> FetchAsync(CancellationToken cancellationToken) => Down
            ? throw new InventorySourceException("NetBox https://netbox.example: unreachable")
            : Task.FromResult<IReadOnlyList<SourceDevice>>(
                [new SourceDevice("1") { Name = "nb-sw-01", Platform = "linux", Site = "ams1", Groups = ["core"], Address = "192.0.2.5", Transport = "lab", CredentialRef = "netops", SessionLimit = 1 }]);
    }
}
