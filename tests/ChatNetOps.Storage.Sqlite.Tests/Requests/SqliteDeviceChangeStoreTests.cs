namespace ChatNetOps.Storage.Sqlite.Tests.Requests;

using ChatNetOps.Core.Requests;
using ChatNetOps.Storage.Sqlite.Requests;
using ChatNetOps.Storage.Sqlite.Tests.Database;
using ChatNetOps.Testing;
using ChatNetOps.Testing.Requests;
using Microsoft.Extensions.Time.Testing;

public sealed class SqliteDeviceChangeStoreTests : DeviceChangeStoreContract, IDisposable
{
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Lookup_IsByTheTablesPrimaryKey_NotAScan()
    {
        var time = TestData.Clock();
        await new SqliteDeviceChangeStore(_file.Open(time)).RecordAsync([Change("fw-edge-01", "R-0000AAAA", time.GetUtcNow())], CancellationToken.None);
        using var raw = _file.OpenRaw();
        using var plan = raw.CreateCommand();
        plan.CommandText = "EXPLAIN QUERY PLAN SELECT json FROM device_last_changes WHERE device = 'FW-EDGE-01';";
        using var reader = plan.ExecuteReader();
        var steps = new List<string>();
        while (reader.Read())
        {
            steps.Add(reader.GetString(3));
        }

        Assert.Contains(steps, s => s.Contains("USING PRIMARY KEY", StringComparison.Ordinal));
        Assert.DoesNotContain(steps, s => s.StartsWith("SCAN", StringComparison.Ordinal));
    }

    protected override Task<IDeviceChangeStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IDeviceChangeStore>(new SqliteDeviceChangeStore(_file.Open(time)));
}
