namespace ChatNetOps.Storage.Sqlite.Tests.Channels;

using ChatNetOps.Core.Channels;
using ChatNetOps.Storage.Sqlite.Channels;
using ChatNetOps.Storage.Sqlite.Tests.Database;
using ChatNetOps.Testing;
using ChatNetOps.Testing.Channels;
using Microsoft.Extensions.Time.Testing;

public sealed class SqliteRequestCardStoreTests : RequestCardStoreContract, IDisposable
{
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Card_SurvivesReopeningTheFile()
    {
        var card = TestData.Card();
        await new SqliteRequestCardStore(_file.Open(TestData.Clock())).SaveAsync(card, CancellationToken.None);

        var reopened = new SqliteRequestCardStore(_file.Open(TestData.Clock()));

        Assert.Equal(card, await reopened.GetAsync(card.RequestId, CancellationToken.None));
    }

    protected override Task<IRequestCardStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IRequestCardStore>(new SqliteRequestCardStore(_file.Open(time)));
}
