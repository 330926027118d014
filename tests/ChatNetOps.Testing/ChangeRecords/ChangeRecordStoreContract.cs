namespace ChatNetOps.Testing.ChangeRecords;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.ChangeRecords;
using Microsoft.Extensions.Time.Testing;

/// <summary>The behaviour every <see cref="IChangeRecordStore"/> must have.</summary>
public abstract class ChangeRecordStoreContract
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    protected abstract Task<IChangeRecordStore> CreateStoreAsync(FakeTimeProvider time);

    /// <summary><paramref name="count"/> chained events of one incident.</summary>
    public static IReadOnlyList<AuditEvent> Chain(string incident, int count)
    {
        var events = new List<AuditEvent>();
        AuditEvent? previous = null;
        for (var i = 0; i < count; i++)
        {
            previous = TestData.AuditEvent(incident, previous, kind: i == 0 ? AuditKind.IncidentOpened : AuditKind.Succeeded);
            events.Add(previous);
        }

        return events;
    }

    [Fact]
    public async Task TryEnqueue_NewEvent_IsPending_AndRoundTripsTheAuditEvent()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var recorded = Chain("INC-7001", 1)[0];

        Assert.True(await store.TryEnqueueAsync(new OutboxEntry("ServiceNow", recorded, time.GetUtcNow()) { NextAttemptAt = time.GetUtcNow() }, Ct));

        var stored = Assert.Single(await store.ListAsync(OutboxState.Pending, 10, Ct));
        Assert.Equal("ServiceNow|INC-7001:0000000001", stored.Id);
        Assert.Equal(recorded.Hash, stored.Event.Hash);
        Assert.Equal("ünïcode ✓", stored.Event.Details["note"]);
        Assert.Equal(time.GetUtcNow(), stored.NextAttemptAt);
        Assert.NotNull(stored.ETag);
    }

    [Fact]
    public async Task TryEnqueue_SameEventTwice_QueuesItOnce()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var recorded = Chain("INC-7002", 1)[0];

        Assert.True(await store.TryEnqueueAsync(new OutboxEntry("Jira", recorded, time.GetUtcNow()), Ct));
        Assert.False(await store.TryEnqueueAsync(new OutboxEntry("Jira", recorded, time.GetUtcNow()) { Attempts = 9 }, Ct));

        var stored = Assert.Single(await store.ListByIncidentAsync("INC-7002", Ct));
        Assert.Equal(0, stored.Attempts);
    }

    [Fact]
    public async Task List_ReturnsOneStateOnly_OrderedByIncidentThenSequence()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        foreach (var e in Chain("INC-7004", 3).Reverse().Concat(Chain("INC-7003", 2)))
        {
            await store.TryEnqueueAsync(new OutboxEntry("ServiceNow", e, time.GetUtcNow()), Ct);
        }

        var first = (await store.ListByIncidentAsync("INC-7003", Ct))[0];
        await store.TryReplaceAsync(first with { State = OutboxState.Delivered }, first.ETag!, Ct);

        var pending = await store.ListAsync(OutboxState.Pending, 100, Ct);
        var mine = pending.Where(e => e.Incident is "INC-7003" or "INC-7004").Select(e => $"{e.Incident}:{e.Sequence}").ToArray();
        Assert.Equal(["INC-7003:2", "INC-7004:1", "INC-7004:2", "INC-7004:3"], mine);
        Assert.Contains(await store.ListAsync(OutboxState.Delivered, 100, Ct), e => e.Id == first.Id);
    }

    [Fact]
    public async Task TryReplace_StaleETag_LosesAndChangesNothing()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        await store.TryEnqueueAsync(new OutboxEntry("ServiceNow", Chain("INC-7005", 1)[0], time.GetUtcNow()), Ct);
        var entry = (await store.ListByIncidentAsync("INC-7005", Ct))[0];

        var claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            store.TryReplaceAsync(entry with { Attempts = 1, LastError = $"claim {i}" }, entry.ETag!, Ct))));

        var winner = Assert.Single(claims, c => c is not null);
        var stored = await store.GetAsync("ServiceNow", "INC-7005", 1, Ct);
        Assert.Equal(winner!.LastError, stored!.LastError);
        Assert.Equal(winner.ETag, stored.ETag);
        Assert.Null(await store.TryReplaceAsync(entry with { State = OutboxState.Dead }, entry.ETag!, Ct));
        Assert.Null(await store.TryReplaceAsync(entry with { State = OutboxState.Dead }, "not-an-etag", Ct));
    }

    [Fact]
    public async Task TrySaveLink_CreateOnce_ThenReplaceOnlyWithTheCurrentETag()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var link = new ChangeRecordLink("ServiceNow", "INC-7006", ChangeRecordLinkState.Creating, time.GetUtcNow()) { CreatedFrom = "INC-7006:0000000001" };

        var created = await store.TrySaveLinkAsync(link, null, Ct);
        Assert.NotNull(created);
        Assert.Null(await store.TrySaveLinkAsync(link, null, Ct));

        var ticket = new TicketRef("9d385017c611228701d22104cc95c371", "CHG0031234", new Uri("https://example.service-now.com/change_request.do?sys_id=9d385017c611228701d22104cc95c371"));
        var done = await store.TrySaveLinkAsync(created! with { State = ChangeRecordLinkState.Created, Ticket = ticket }, created!.ETag, Ct);
        Assert.NotNull(done);
        Assert.Null(await store.TrySaveLinkAsync(created with { Ticket = null }, created.ETag, Ct));

        var stored = await store.GetLinkAsync("ServiceNow", "INC-7006", Ct);
        Assert.Equal(ChangeRecordLinkState.Created, stored!.State);
        Assert.Equal(ticket, stored.Ticket);
        Assert.Equal(done!.ETag, stored.ETag);
        Assert.Equal("INC-7006:0000000001", stored.CreatedFrom);
    }

    [Fact]
    public async Task ListLinks_ReturnsEverySinkOfTheIncident_AndNothingElse()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        await store.TrySaveLinkAsync(new ChangeRecordLink("ServiceNow", "INC-7007", ChangeRecordLinkState.Creating, time.GetUtcNow()), null, Ct);
        await store.TrySaveLinkAsync(new ChangeRecordLink("Jira", "INC-7007", ChangeRecordLinkState.Creating, time.GetUtcNow()), null, Ct);
        await store.TrySaveLinkAsync(new ChangeRecordLink("Jira", "INC-7008", ChangeRecordLinkState.Creating, time.GetUtcNow()), null, Ct);

        var links = await store.ListLinksAsync("INC-7007", Ct);

        Assert.Equal(["Jira", "ServiceNow"], links.Select(l => l.Sink).Order(StringComparer.Ordinal).ToArray());
        Assert.Null(await store.GetLinkAsync("ServiceNow", "INC-7008", Ct));
    }
}
