namespace ChatNetOps.Testing.Incidents;

using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Policy;
using Microsoft.Extensions.Time.Testing;

/// <summary>The behaviour every <see cref="IIncidentStore"/> must have.</summary>
public abstract class IncidentStoreContract
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    protected abstract Task<IIncidentStore> CreateStoreAsync(FakeTimeProvider time);

    [Fact]
    public async Task TryCreate_ThenGet_RoundTripsEveryFieldExactly()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var incident = TestData.Incident(
            "INC-42",
            openedAt: new DateTimeOffset(2025, 3, 14, 11, 0, 0, TimeSpan.FromHours(2)).AddTicks(3),
            conversations: [TestData.Conversation("C-1", ChatPlatform.Slack, ChannelKind.Incident, "INC-42") with { ThreadId = "1.2", Link = "https://x/1" }]);

        var created = await store.TryCreateAsync(incident, Ct);
        var stored = await store.GetAsync("INC-42", Ct);

        Assert.NotNull(created);
        Assert.False(string.IsNullOrEmpty(created.ETag));
        Assert.NotNull(stored);
        Assert.Equal(created.ETag, stored.ETag);
        AssertJson.Equal(incident, stored with { ETag = null });
        Assert.Equal(incident.OpenedAt.Offset, stored.OpenedAt.Offset);
    }

    [Fact]
    public async Task TryReplace_SeverityProposalAndItsDecision_RoundTripExactly()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var created = await store.TryCreateAsync(TestData.Incident("INC-7"), Ct);
        var asked = TestData.Conversation("C-7", ChatPlatform.Slack, ChannelKind.Incident, "INC-7");
        var pending = new SeverityProposal("INC-7/sev1", "INC-7", 3, 1, TestData.Actor("U-BOB", "Bob"), asked, time.GetUtcNow(), time.GetUtcNow().AddMinutes(15));
        var decided = pending with
        {
            Decision = new Core.Requests.Decision(TestData.Actor("U-PAT", "Pat"), time.GetUtcNow().AddMinutes(1), true, null, pending.Hash)
            {
                Kind = Core.Requests.DecisionKind.SeverityConfirmation,
            },
        };

        var proposed = await store.TryReplaceAsync(created! with { PendingSeverity = pending }, created!.ETag!, Ct);
        var confirmed = await store.TryReplaceAsync(proposed! with { PendingSeverity = null, DecidedSeverity = decided, Severity = 1 }, proposed!.ETag!, Ct);

        var stored = await store.GetAsync("INC-7", Ct);
        Assert.NotNull(confirmed);
        AssertJson.Equal(confirmed with { ETag = null }, stored! with { ETag = null });
        Assert.Equal(pending.Hash, stored.DecidedSeverity!.Hash);
        Assert.Equal(Core.Requests.DecisionKind.SeverityConfirmation, stored.DecidedSeverity.Decision!.Kind);
        Assert.Null(stored.PendingSeverity);
    }

    [Fact]
    public async Task TryCreate_ExistingId_ReturnsNullAndKeepsTheFirst()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        await store.TryCreateAsync(TestData.Incident("INC-1") with { Title = "first" }, Ct);

        Assert.Null(await store.TryCreateAsync(TestData.Incident("INC-1") with { Title = "second" }, Ct));
        Assert.Equal("first", (await store.GetAsync("INC-1", Ct))?.Title);
    }

    [Fact]
    public async Task Get_UnknownId_ReturnsNull()
    {
        var store = await CreateStoreAsync(TestData.Clock());

        Assert.Null(await store.GetAsync("INC-missing", Ct));
    }

    [Fact]
    public async Task TryReplace_CurrentETag_StoresUnderANewETag_StaleETagLoses()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var created = await store.TryCreateAsync(TestData.Incident("INC-1"), Ct);

        var closed = await store.TryReplaceAsync(
            created! with { State = IncidentState.Closed, ClosedBy = TestData.Actor("U-BOB", "Bob"), ClosedAt = time.GetUtcNow() }, created!.ETag!, Ct);
        var stale = await store.TryReplaceAsync(created with { Title = "late edit" }, created.ETag!, Ct);

        Assert.NotNull(closed);
        Assert.NotEqual(created.ETag, closed.ETag);
        Assert.Null(stale);
        var stored = await store.GetAsync("INC-1", Ct);
        Assert.Equal(IncidentState.Closed, stored?.State);
        Assert.Equal("Bob", stored?.ClosedBy?.DisplayName);
    }

    [Fact]
    public async Task FindOpenByConversation_BoundConversation_ReturnsTheIncident()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        await store.TryCreateAsync(TestData.Incident("INC-1", conversations: [TestData.Conversation("C-1", ChatPlatform.Slack)]), Ct);

        var found = await store.FindOpenByConversationAsync(ChatPlatform.Slack, "C-1", Ct);

        Assert.Equal("INC-1", found?.Id);
        Assert.False(string.IsNullOrEmpty(found?.ETag));
    }

    [Fact]
    public async Task FindOpenByConversation_SameIdOnAnotherPlatformOrUnbound_ReturnsNull()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        await store.TryCreateAsync(TestData.Incident("INC-1", conversations: [TestData.Conversation("C-1", ChatPlatform.Slack)]), Ct);

        Assert.Null(await store.FindOpenByConversationAsync(ChatPlatform.Teams, "C-1", Ct));
        Assert.Null(await store.FindOpenByConversationAsync(ChatPlatform.Slack, "C-2", Ct));
    }

    [Fact]
    public async Task FindOpenByConversation_ClosedIncident_ReturnsNull()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var created = await store.TryCreateAsync(TestData.Incident("INC-1", conversations: [TestData.Conversation("C-1")]), Ct);

        await store.TryReplaceAsync(created! with { State = IncidentState.Closed }, created!.ETag!, Ct);

        Assert.Null(await store.FindOpenByConversationAsync(ChatPlatform.Slack, "C-1", Ct));
    }

    [Fact]
    public async Task FindOpenByConversation_ConversationBoundByAReplace_ReturnsTheIncident()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var created = await store.TryCreateAsync(TestData.Incident("INC-1", conversations: [TestData.Conversation("C-1")]), Ct);

        await store.TryReplaceAsync(
            created! with { Conversations = [.. created!.Conversations, TestData.Conversation("19:teams", ChatPlatform.Teams)] }, created.ETag!, Ct);

        Assert.Equal("INC-1", (await store.FindOpenByConversationAsync(ChatPlatform.Teams, "19:teams", Ct))?.Id);
        Assert.Equal("INC-1", (await store.FindOpenByConversationAsync(ChatPlatform.Slack, "C-1", Ct))?.Id);
    }

    [Fact]
    public async Task ListOpenByConversation_AConversationHoldingSeveral_ListsTheOpenOnesOldestFirst()
    {
        var clock = TestData.Clock();
        var store = await CreateStoreAsync(clock);
        var start = clock.GetUtcNow();
        await store.TryCreateAsync(TestData.Incident("INC-2", conversations: [TestData.Conversation("C-1")]) with { OpenedAt = start.AddMinutes(5) }, Ct);
        await store.TryCreateAsync(TestData.Incident("INC-1", conversations: [TestData.Conversation("C-1")]) with { OpenedAt = start }, Ct);
        var closed = await store.TryCreateAsync(TestData.Incident("INC-3", conversations: [TestData.Conversation("C-1")]) with { OpenedAt = start.AddMinutes(1) }, Ct);
        await store.TryReplaceAsync(closed! with { State = IncidentState.Closed }, closed!.ETag!, Ct);
        await store.TryCreateAsync(TestData.Incident("INC-4", conversations: [TestData.Conversation("C-2")]) with { OpenedAt = start.AddMinutes(2) }, Ct);

        var held = await store.ListOpenByConversationAsync(ChatPlatform.Slack, "C-1", Ct);

        Assert.Equal(["INC-1", "INC-2"], held.Select(i => i.Id));
        Assert.All(held, i => Assert.False(string.IsNullOrEmpty(i.ETag)));
        Assert.Equal("INC-2", (await store.FindOpenByConversationAsync(ChatPlatform.Slack, "C-1", Ct))?.Id);
        Assert.Empty(await store.ListOpenByConversationAsync(ChatPlatform.Teams, "C-1", Ct));
    }

    [Fact]
    public async Task FindOpenByConversation_ConversationUnboundByAReplace_ReturnsNull()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var created = await store.TryCreateAsync(TestData.Incident("INC-1", conversations: [TestData.Conversation("C-1")]), Ct);

        await store.TryReplaceAsync(created! with { Conversations = [] }, created!.ETag!, Ct);

        Assert.Null(await store.FindOpenByConversationAsync(ChatPlatform.Slack, "C-1", Ct));
    }

    [Fact]
    public async Task ListOpen_ReturnsOpenIncidentsOnly()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        await store.TryCreateAsync(TestData.Incident("INC-1"), Ct);
        await store.TryCreateAsync(TestData.Incident("INC-2", openedAt: TestData.Epoch.AddMinutes(1)), Ct);
        await store.TryCreateAsync(TestData.Incident("INC-3", state: IncidentState.Closed), Ct);

        var open = await store.ListOpenAsync(Ct);

        Assert.Equal(["INC-1", "INC-2"], open.Select(i => i.Id).Order());
    }
}
