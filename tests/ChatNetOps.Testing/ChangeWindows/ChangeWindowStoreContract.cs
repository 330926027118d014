namespace ChatNetOps.Testing.ChangeWindows;

using ChatNetOps.Core.ChangeWindows;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Time.Testing;

/// <summary>The behaviour every <see cref="IChangeWindowStore"/> must have.</summary>
public abstract class ChangeWindowStoreContract
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    protected abstract Task<IChangeWindowStore> CreateStoreAsync(FakeTimeProvider time);

    [Fact]
    public async Task TryCreate_ThenGet_RoundTripsEveryFieldExactly()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var window = Window("CHG0031234", time.GetUtcNow(), "C-1") with
        {
            Ticket = new ChangeTicket("ServiceNow", "CHG0031234", "a9e30c7dc61122760116894de7bcc7bd", "normal") { Link = "https://x.service-now.com/change_request.do?sys_id=a9e3", State = "Scheduled" },
        };

        var created = await store.TryCreateAsync(window, Ct);
        var stored = await store.GetAsync("CHG0031234", Ct);

        Assert.NotNull(created);
        Assert.False(string.IsNullOrEmpty(created.ETag));
        Assert.Equal(created.ETag, stored!.ETag);
        AssertJson.Equal(window, stored with { ETag = null });
        Assert.Equal(window.Hash, stored.Hash);
        Assert.Equal(window.Start.Offset, stored.Start.Offset);
    }

    [Fact]
    public async Task TryCreate_AnExistingId_ReturnsNull_AndKeepsTheFirst()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        await store.TryCreateAsync(Window("CHG-1", time.GetUtcNow(), "C-1"), Ct);

        Assert.Null(await store.TryCreateAsync(Window("CHG-1", time.GetUtcNow(), "C-2") with { Summary = "other" }, Ct));
        Assert.Equal("Replace uplinks", (await store.GetAsync("CHG-1", Ct))!.Summary);
    }

    [Fact]
    public async Task TryReplace_WithAStaleETag_ReturnsNull_SoOfRacingAcknowledgementsOneWins()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var created = (await store.TryCreateAsync(Window("CHG-2", time.GetUtcNow(), "C-1"), Ct))!;
        Decision Ack(string by, bool approved) => new(TestData.Actor(by, by), time.GetUtcNow(), approved, null, created.Hash) { Kind = DecisionKind.ChangeWindowAcknowledgement };

        var first = await store.TryReplaceAsync(created with { Acknowledgement = Ack("U-CAROL", true) }, created.ETag!, Ct);
        var second = await store.TryReplaceAsync(created with { Acknowledgement = Ack("U-DAVE", false) }, created.ETag!, Ct);

        Assert.NotNull(first);
        Assert.NotEqual(created.ETag, first.ETag);
        Assert.Null(second);
        var stored = (await store.GetAsync("CHG-2", Ct))!;
        Assert.Equal(("U-CAROL", DecisionKind.ChangeWindowAcknowledgement), (stored.Acknowledgement!.By.UserId, stored.Acknowledgement.Kind));
    }

    [Fact]
    public async Task FindLatestByConversation_ReturnsTheNewestWindowOfThatConversationOnly()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        await store.TryCreateAsync(Window("CHG-10", time.GetUtcNow(), "C-1"), Ct);
        await store.TryCreateAsync(Window("CHG-11", time.GetUtcNow().AddMinutes(5), "C-1"), Ct);
        await store.TryCreateAsync(Window("CHG-12", time.GetUtcNow().AddMinutes(9), "C-2"), Ct);

        Assert.Equal("CHG-11", (await store.FindLatestByConversationAsync(ChatPlatform.Slack, "C-1", Ct))!.Id);
        Assert.Equal("CHG-12", (await store.FindLatestByConversationAsync(ChatPlatform.Slack, "C-2", Ct))!.Id);
        Assert.Null(await store.FindLatestByConversationAsync(ChatPlatform.Teams, "C-1", Ct));
    }

    [Fact]
    public async Task ListActive_LeavesOutWindowsRecordedClosed_ListRecentKeepsThemNewestFirst()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var early = (await store.TryCreateAsync(Window("CHG-20", time.GetUtcNow(), "C-1"), Ct))!;
        await store.TryCreateAsync(Window("CHG-21", time.GetUtcNow().AddMinutes(1), "C-2"), Ct);
        await store.TryReplaceAsync(early with { ClosedAt = time.GetUtcNow(), CloseReason = "closed", ClosedBy = TestData.Actor() }, early.ETag!, Ct);

        Assert.Equal(["CHG-21"], (await store.ListActiveAsync(Ct)).Select(w => w.Id));
        Assert.Equal(["CHG-21", "CHG-20"], (await store.ListRecentAsync(10, Ct)).Select(w => w.Id));
        Assert.Equal(["CHG-21"], (await store.ListRecentAsync(1, Ct)).Select(w => w.Id));
    }

    private static ChangeWindow Window(string id, DateTimeOffset openedAt, string conversation) =>
        new(id, "Replace uplinks", openedAt.AddHours(1).ToOffset(TimeSpan.FromHours(1)), openedAt.AddHours(3), new ChangeWindowScope(["acc-sw-01", "acc-sw-02"], null),
            TestData.Actor("U-BOB", "Bob") with { MemberId = "bob" }, TestData.Conversation(conversation, ChatPlatform.Slack, ChannelKind.ChangeWindow, id), openedAt);
}
