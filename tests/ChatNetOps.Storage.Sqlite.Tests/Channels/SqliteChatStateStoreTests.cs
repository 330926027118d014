namespace ChatNetOps.Storage.Sqlite.Tests.Channels;

using ChatNetOps.Core.Channels;
using ChatNetOps.Storage.Sqlite.Channels;
using ChatNetOps.Storage.Sqlite.Tests.Database;
using ChatNetOps.Testing;
using ChatNetOps.Testing.Channels;
using Microsoft.Extensions.Time.Testing;

public sealed class SqliteChatStateStoreTests : ChatStateStoreContract, IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Entry_SurvivesReopeningTheFile()
    {
        var time = TestData.Clock();
        await new SqliteChatStateStore(_file.Open(time)).TryAddAsync("slack:form:9f3c", "{\"verb\":\"reject\"}", time.GetUtcNow().AddHours(2), Ct);

        var reopened = new SqliteChatStateStore(_file.Open(time));

        Assert.Equal("{\"verb\":\"reject\"}", await reopened.GetAsync("slack:form:9f3c", Ct));
        Assert.False(await reopened.TryAddAsync("slack:form:9f3c", "other", time.GetUtcNow().AddHours(2), Ct));
    }

    [Fact]
    public async Task TryAdd_FiftyCallersAcrossTwoProcessesSharingTheFile_ExactlyOneWins()
    {
        var time = TestData.Clock();
        var replicaA = new SqliteChatStateStore(_file.Open(time));
        var replicaB = new SqliteChatStateStore(_file.Open(time));
        var expires = time.GetUtcNow().AddMinutes(15);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() =>
            (i % 2 == 0 ? replicaA : replicaB).TryAddAsync("slack:seen:ev:Ev0SHARED", $"caller-{i}", expires, Ct))));

        Assert.Single(outcomes, added => added);
        Assert.Equal(await replicaA.GetAsync("slack:seen:ev:Ev0SHARED", Ct), await replicaB.GetAsync("slack:seen:ev:Ev0SHARED", Ct));
    }

    [Fact]
    public async Task TryAdd_DeletesAtMostABatchOfExpiredRows_SoTheTableShrinksToItsLiveEntries()
    {
        var time = TestData.Clock();
        var store = new SqliteChatStateStore(_file.Open(time));
        for (var i = 0; i < 40; i++)
        {
            await store.TryAddAsync($"old-{i}", "x", time.GetUtcNow().AddMinutes(1), Ct);
        }

        time.Advance(TimeSpan.FromMinutes(2));

        await store.TryAddAsync("new-0", "x", time.GetUtcNow().AddMinutes(15), Ct);
        Assert.Equal(40 - SqliteChatStateStore.PruneBatch + 1, RowCount());

        for (var i = 1; i < 10; i++)
        {
            await store.TryAddAsync($"new-{i}", "x", time.GetUtcNow().AddMinutes(15), Ct);
        }

        Assert.Equal(10, RowCount());
    }

    protected override Task<IChatStateStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IChatStateStore>(new SqliteChatStateStore(_file.Open(time)));

    private long RowCount()
    {
        using var raw = _file.OpenRaw();
        using var command = raw.CreateCommand();
        command.CommandText = "SELECT count(*) FROM chat_state;";
        return (long)command.ExecuteScalar()!;
    }
}
