namespace ChatNetOps.Azure.Cosmos;

/// <summary>The containers and partition keys infra/modules/cosmos.bicep creates; the stores create the same when missing.</summary>
internal static class CosmosContainerNames
{
    public const string Requests = "requests";
    public const string Locks = "locks";
    public const string Incidents = "incidents";
    public const string Audit = "audit";
    public const string Outputs = "outputs";
    public const string Conversations = "conversations";
    public const string RequestCards = "requestcards";
    public const string ChatState = "chatstate";
    public const string ChangeRecords = "changerecords";
    public const string Alerts = "alerts";
    public const string AlertGroups = "alertgroups";
    public const string ChangeWindows = "changewindows";
    public const string AlertCards = "alertcards";
    public const string DeviceChanges = "devicechanges";

    public static readonly IReadOnlyList<(string Name, string PartitionKeyPath, int? DefaultTtl)> All =
    [
        (Requests, "/id", null),
        (Locks, "/device", -1),
        (Incidents, "/id", null),
        (Audit, "/partition", null),
        (Outputs, "/requestId", null),
        (Conversations, "/id", null),
        (RequestCards, "/id", null),
        (ChatState, "/id", -1),
        (ChangeRecords, "/incident", null),
        (Alerts, "/id", null),
        (AlertGroups, "/id", null),
        (ChangeWindows, "/id", null),
        (AlertCards, "/id", null),
        (DeviceChanges, "/id", null),
    ];
}
