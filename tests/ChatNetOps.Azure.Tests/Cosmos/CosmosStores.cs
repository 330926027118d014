namespace ChatNetOps.Azure.Tests.Cosmos;

using ChatNetOps.Azure.Cosmos;
using Microsoft.Extensions.Options;

/// <summary>The Cosmos stores over a test database, as AddChatNetOpsCosmosStorage wires them.</summary>
internal static class CosmosStores
{
    public static CosmosRequestStore Request(CosmosContainers containers, TimeProvider time) => new(containers);

    public static CosmosRequestCardStore RequestCard(CosmosContainers containers, TimeProvider time) => new(containers);

    public static CosmosOutputStore Output(CosmosContainers containers, TimeProvider time) => new(containers);

    public static CosmosDeviceLockStore DeviceLock(CosmosContainers containers, TimeProvider time) =>
        new(containers, Options.Create(new CosmosOptions()), time);

    public static CosmosIncidentStore Incident(CosmosContainers containers, TimeProvider time) => new(containers);

    public static CosmosChangeWindowStore ChangeWindow(CosmosContainers containers, TimeProvider time) => new(containers);

    public static CosmosChangeRecordStore ChangeRecords(CosmosContainers containers, TimeProvider time) => new(containers);
    public static CosmosAlertStore Alert(CosmosContainers containers, TimeProvider time) => new(containers);

    public static CosmosAlertGroupStore AlertGroup(CosmosContainers containers, TimeProvider time) => new(containers);

    public static CosmosAlertCardClaimStore AlertCardClaim(CosmosContainers containers, TimeProvider time) => new(containers);

    public static CosmosDeviceChangeStore DeviceChange(CosmosContainers containers, TimeProvider time) => new(containers);

    public static CosmosDeviceChangeBackfillStore DeviceChangeBackfill(CosmosContainers containers, TimeProvider time) => new(containers);

    public static CosmosAuditStore Audit(CosmosContainers containers, TimeProvider time) => new(containers);
}
