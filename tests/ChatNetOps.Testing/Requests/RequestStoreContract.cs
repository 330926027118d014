namespace ChatNetOps.Testing.Requests;

using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Time.Testing;

/// <summary>The behaviour every <see cref="IRequestStore"/> must have. Derive, and create a fresh, empty store per call.</summary>
public abstract class RequestStoreContract
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    protected abstract Task<IRequestStore> CreateStoreAsync(FakeTimeProvider time);

    [Fact]
    public async Task Create_ThenGet_RoundTripsEveryFieldExactly()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var request = TestData.FullRequest();

        await store.CreateAsync(request, Ct);
        var stored = await store.GetAsync(request.Id, Ct);

        Assert.NotNull(stored);
        AssertJson.Equal(request, stored with { ETag = null });
        Assert.Equal(request.CreatedAt.Offset, stored.CreatedAt.Offset);
        Assert.Equal(request.CreatedAt.Ticks, stored.CreatedAt.Ticks);
        Assert.Equal(request.UpdatedAt.Offset, stored.UpdatedAt.Offset);
    }

    [Fact]
    public async Task Create_ReturnsTheRequestWithAnETagThatGetAgreesWith()
    {
        var store = await CreateStoreAsync(TestData.Clock());

        var created = await store.CreateAsync(TestData.Request(), Ct);
        var stored = await store.GetAsync(created.Id, Ct);

        Assert.False(string.IsNullOrEmpty(created.ETag));
        Assert.Equal(created.ETag, stored?.ETag);
    }

    [Fact]
    public async Task Create_ExistingId_ThrowsInvalidOperationException()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var request = TestData.Request();
        await store.CreateAsync(request, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CreateAsync(request with { Runbook = "other" }, Ct));
        Assert.Equal(request.Runbook, (await store.GetAsync(request.Id, Ct))?.Runbook);
    }

    [Fact]
    public async Task Get_UnknownId_ReturnsNull()
    {
        var store = await CreateStoreAsync(TestData.Clock());

        Assert.Null(await store.GetAsync("REQ-missing", Ct));
    }

    [Fact]
    public async Task TryReplace_CurrentETag_StoresTheUpdateUnderANewETag()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var created = await store.CreateAsync(TestData.Request(), Ct);

        var replaced = await store.TryReplaceAsync(created with { Status = RequestStatus.Queued, Worker = "w1" }, created.ETag!, Ct);
        var stored = await store.GetAsync(created.Id, Ct);

        Assert.NotNull(replaced);
        Assert.NotEqual(created.ETag, replaced.ETag);
        Assert.Equal(replaced.ETag, stored?.ETag);
        Assert.Equal(RequestStatus.Queued, stored?.Status);
        Assert.Equal("w1", stored?.Worker);
    }

    [Fact]
    public async Task TryReplace_StaleETag_ReturnsNullAndKeepsTheStoredVersion()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var created = await store.CreateAsync(TestData.Request(), Ct);
        var first = await store.TryReplaceAsync(created with { Status = RequestStatus.Queued }, created.ETag!, Ct);

        var second = await store.TryReplaceAsync(created with { Status = RequestStatus.Cancelled }, created.ETag!, Ct);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Equal(RequestStatus.Queued, (await store.GetAsync(created.Id, Ct))?.Status);
    }

    [Fact]
    public async Task TryReplace_UnknownId_ReturnsNull()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var created = await store.CreateAsync(TestData.Request(), Ct);

        Assert.Null(await store.TryReplaceAsync(created with { Id = "REQ-missing" }, created.ETag!, Ct));
    }

    [Fact]
    public async Task TryReplace_TwentyRacingWritersWithOneETag_ExactlyOneWins()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var created = await store.CreateAsync(TestData.Request(status: RequestStatus.AwaitingApproval), Ct);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            store.TryReplaceAsync(created with { Status = RequestStatus.Queued, Worker = $"w{i}" }, created.ETag!, Ct))));

        var winner = Assert.Single(outcomes, o => o is not null);
        Assert.Equal(winner!.Worker, (await store.GetAsync(created.Id, Ct))?.Worker);
    }

    [Fact]
    public async Task Update_StoresTheChangedRequestUnderANewETag()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var created = await store.CreateAsync(TestData.Request(status: RequestStatus.Queued), Ct);

        var updated = await store.UpdateAsync(created.Id, r => r with { Status = RequestStatus.Running, Worker = "w1" }, Ct);

        Assert.NotNull(updated);
        Assert.NotEqual(created.ETag, updated.ETag);
        var stored = await store.GetAsync(created.Id, Ct);
        Assert.Equal((RequestStatus.Running, "w1", updated.ETag), (stored?.Status, stored?.Worker, stored?.ETag));
    }

    [Fact]
    public async Task Update_ChangeDeclines_ReturnsNullAndWritesNothing()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var created = await store.CreateAsync(TestData.Request(status: RequestStatus.Queued), Ct);

        var updated = await store.UpdateAsync(created.Id, r => r.Status == RequestStatus.AwaitingApproval ? r with { Status = RequestStatus.Rejected } : null, Ct);

        Assert.Null(updated);
        Assert.Equal(created.ETag, (await store.GetAsync(created.Id, Ct))?.ETag);
    }

    [Fact]
    public async Task Update_UnknownId_ReturnsNullWithoutAskingForAChange()
    {
        var store = await CreateStoreAsync(TestData.Clock());

        Assert.Null(await store.UpdateAsync("REQ-missing", _ => throw new InvalidOperationException("no request to change"), Ct));
    }

    [Fact]
    public async Task Update_ThatLosesToAnotherWrite_AppliesTheChangeToTheStoredRequest_KeepingTheOtherWrite()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var created = await store.CreateAsync(TestData.Request(status: RequestStatus.Queued), Ct);
        var racing = new OneWriteFirst(store, r => r with { StatusReason = "written by another writer" });
        var seen = new List<string?>();

        var updated = await ((IRequestStore)racing).UpdateAsync(created.Id, r =>
        {
            seen.Add(r.StatusReason);
            return r with { Status = RequestStatus.Running };
        }, Ct);

        Assert.Equal([null, "written by another writer"], seen);
        var stored = await store.GetAsync(created.Id, Ct);
        Assert.Equal((RequestStatus.Running, "written by another writer", updated?.ETag), (stored?.Status, stored?.StatusReason, stored?.ETag));
    }

    [Fact]
    public async Task Update_TwentyRacingUpdates_AreEachAppliedOnce()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var created = await store.CreateAsync(TestData.Request(), Ct);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() =>
            store.UpdateAsync(created.Id, r => r with { StatusReason = r.StatusReason + "x" }, Ct))));

        Assert.Equal(new string('x', 20), (await store.GetAsync(created.Id, Ct))?.StatusReason);
    }

    [Fact]
    public async Task ListByStatus_ReturnsOnlyThatStatus_AtMostMax()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        for (var i = 0; i < 5; i++)
        {
            await store.CreateAsync(TestData.Request(status: RequestStatus.AwaitingApproval, createdAt: TestData.Epoch.AddSeconds(i)), Ct);
        }

        await store.CreateAsync(TestData.Request(status: RequestStatus.Running), Ct);

        var awaiting = await store.ListByStatusAsync(RequestStatus.AwaitingApproval, 3, Ct);
        var running = await store.ListByStatusAsync(RequestStatus.Running, 10, Ct);

        Assert.Equal(3, awaiting.Count);
        Assert.All(awaiting, r => Assert.Equal(RequestStatus.AwaitingApproval, r.Status));
        Assert.All(awaiting, r => Assert.False(string.IsNullOrEmpty(r.ETag)));
        Assert.Single(running);
    }

    [Fact]
    public async Task ListByStatus_FollowsAReplacedStatus()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var created = await store.CreateAsync(TestData.Request(status: RequestStatus.Queued), Ct);

        await store.TryReplaceAsync(created with { Status = RequestStatus.Running }, created.ETag!, Ct);

        Assert.Empty(await store.ListByStatusAsync(RequestStatus.Queued, 10, Ct));
        Assert.Equal(created.Id, Assert.Single(await store.ListByStatusAsync(RequestStatus.Running, 10, Ct)).Id);
    }

    [Fact]
    public async Task ListByIncident_ReturnsOnlyThatIncidentsRequests()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var a = await store.CreateAsync(TestData.Request(incident: "INC-7", createdAt: TestData.Epoch), Ct);
        var b = await store.CreateAsync(TestData.Request(incident: "INC-7", createdAt: TestData.Epoch.AddMinutes(1)), Ct);
        await store.CreateAsync(TestData.Request(incident: "INC-8"), Ct);
        await store.CreateAsync(TestData.Request(incident: null), Ct);

        var listed = await store.ListByIncidentAsync("INC-7", Ct);

        Assert.Equal(new[] { a.Id, b.Id }.Order(), listed.Select(r => r.Id).Order());
    }

    /// <summary>Lets <paramref name="write"/> land on the stored request just before the first replace: a lost race on demand.</summary>
    private sealed class OneWriteFirst(IRequestStore inner, Func<RunRequest, RunRequest> write) : IRequestStore
    {
        private int _written;

        public Task<RunRequest> CreateAsync(RunRequest request, CancellationToken cancellationToken) => inner.CreateAsync(request, cancellationToken);

        public Task<RunRequest?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public async Task<RunRequest?> TryReplaceAsync(RunRequest updated, string expectedETag, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _written, 1) == 0)
            {
                var current = (await inner.GetAsync(updated.Id, cancellationToken))!;
                Assert.NotNull(await inner.TryReplaceAsync(write(current), current.ETag!, cancellationToken));
            }

            return await inner.TryReplaceAsync(updated, expectedETag, cancellationToken);
        }

        public Task<IReadOnlyList<RunRequest>> ListByStatusAsync(RequestStatus status, int max, CancellationToken cancellationToken) =>
            inner.ListByStatusAsync(status, max, cancellationToken);

        public Task<IReadOnlyList<RunRequest>> ListByIncidentAsync(string incident, CancellationToken cancellationToken) =>
            inner.ListByIncidentAsync(incident, cancellationToken);
    }
}
