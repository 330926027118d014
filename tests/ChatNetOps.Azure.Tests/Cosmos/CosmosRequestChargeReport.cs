namespace ChatNetOps.Azure.Tests.Cosmos;

using ChatNetOps.Azure.Cosmos;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Locks;
using ChatNetOps.Testing;
using Xunit.Abstractions;

/// <summary>
/// Runs each store operation once on a fresh database and prints the request charge the SDK reported
/// (x-ms-request-charge). The test server's figures are NOT Azure's; docs/azure-backends.md gives the expectation.
/// </summary>
[Collection(CosmosTestCollection.Name)]
public sealed class CosmosRequestChargeReport(CosmosTestServer server, ITestOutputHelper output)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task EveryStoreOperation_RecordsTheChargeTheSdkReported()
    {
        var time = TestData.Clock();
        var charges = new CosmosRequestCharges();
        using var containers = new CosmosContainers(server.Client, CosmosTestServer.OptionsFor(server.Endpoint, "ru" + Guid.NewGuid().ToString("N")[..8]), charges, time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, ownsClient: false);
        var requests = CosmosStores.Request(containers, time);
        var locks = CosmosStores.DeviceLock(containers, time);
        var trail = new AuditTrail(CosmosStores.Audit(containers, time), time);

        var created = await requests.CreateAsync(TestData.FullRequest(), Ct);
        await requests.GetAsync(created.Id, Ct);
        await requests.TryReplaceAsync(created with { StatusReason = "x" }, created.ETag!, Ct);
        await requests.ListByStatusAsync(created.Status, 10, Ct);
        var acquired = Assert.IsType<LockAcquisition.Acquired>(await locks.TryAcquireAsync(TestData.Lock("lab-fw1"), time.GetUtcNow(), Ct));
        await locks.TryAcquireAsync(TestData.Lock("lab-fw1"), time.GetUtcNow(), Ct);
        await locks.RenewAsync(acquired.Lock, time.GetUtcNow().AddMinutes(20), Ct);
        await locks.ReleaseAsync("lab-fw1", acquired.Lock.RequestId, Ct);
        await trail.AppendAsync(TestData.AuditEntry(), Ct);
        await new AuditTrail(CosmosStores.Audit(containers, time), time).AppendAsync(TestData.AuditEntry(), Ct);
        await CosmosStores.Output(containers, time).SaveAsync(TestData.Output(created.Id), Ct);

        var snapshot = charges.Snapshot();
        foreach (var (operation, calls, mean, max) in snapshot)
        {
            output.WriteLine($"{operation,-24} calls={calls,3} mean={mean,6:F2} RU max={max,6:F2} RU");
        }

        Assert.Contains(snapshot, s => s.Operation == "locks.create");
        Assert.Contains(snapshot, s => s.Operation == "audit.append");
        Assert.All(snapshot, s => Assert.True(s.MeanRu >= 0));
    }
}
