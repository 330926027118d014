namespace ChatNetOps.Core.Requests;

/// <summary>
/// Where a store keeps its <see cref="DeviceChangeBackfillState"/>, so the audit trail is read into the projection once per
/// store, not at every start, and by one replica at a time: a claim is a lease taken in one conditional write.
/// </summary>
public interface IDeviceChangeBackfillStore
{
    /// <summary>The marker, or null when no replica has claimed the fill yet.</summary>
    Task<DeviceChangeBackfillState?> GetAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Claims the fill for <paramref name="owner"/> until <paramref name="until"/>: true when there is no marker, when the
    /// claim there ran out (at or before <paramref name="now"/>), or when it is already <paramref name="owner"/>'s (then
    /// renewed); false when the fill is done or another owner's claim still runs. Of concurrent callers one wins.
    /// </summary>
    Task<bool> TryClaimAsync(string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Records the fill as done (<paramref name="done"/> has <see cref="DeviceChangeBackfillState.CompletedAt"/>); a marker already done is kept.</summary>
    Task CompleteAsync(DeviceChangeBackfillState done, CancellationToken cancellationToken);
}
