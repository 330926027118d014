namespace ChatNetOps.Storage.Sqlite.Queues;

/// <summary>Dead-letter reasons, named as Azure Service Bus names them so tooling reads both alike.</summary>
internal static class DeadLetterReasons
{
    public const string MaxDeliveryCountExceeded = "MaxDeliveryCountExceeded";

    public const string Expired = "TTLExpiredException";
}
