namespace ChatNetOps.Core.Alerts;

/// <summary>
/// The durable inbox of alert notifications. An endpoint answers 2xx only once <see cref="RecordAsync"/> has
/// returned; a store that cannot be reached throws, and the endpoint answers 503 so the source retries.
/// </summary>
public interface IAlertStore
{
    /// <summary>
    /// Records the notification as pending; false when one with the same source and id is already recorded (a
    /// duplicate: nothing changes). Of concurrent callers with the same id, exactly one gets true.
    /// </summary>
    Task<bool> RecordAsync(AlertNotification notification, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="max"/> pending notifications, oldest first.</summary>
    Task<IReadOnlyList<AlertNotification>> ListPendingAsync(int max, CancellationToken cancellationToken);

    /// <summary>Marks a notification processed; it is no longer pending (and is still a duplicate if sent again).</summary>
    Task MarkProcessedAsync(AlertSource source, string id, CancellationToken cancellationToken);
}
