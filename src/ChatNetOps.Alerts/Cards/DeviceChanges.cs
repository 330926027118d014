namespace ChatNetOps.Alerts.Cards;

using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Requests;

/// <summary>
/// The last change on each device: a keyed read of <see cref="IDeviceChangeStore"/>, which the request journal writes
/// when a state-changing run ends, so the card is right as soon as a change finishes and no audit chain is read per
/// card. Changes that ended before the projection existed are put in it once per store, in the background after start,
/// by <see cref="DeviceChangeBackfill"/>; until that is done the card shows what the projection holds.
/// </summary>
public sealed class DeviceChanges(IDeviceChangeStore store)
{
    /// <summary>The last change on each of <paramref name="devices"/> that has one, newest first.</summary>
    public async Task<IReadOnlyList<DeviceChange>> LastAsync(IReadOnlyCollection<string> devices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(devices);
        if (devices.Count == 0)
        {
            return [];
        }

        var last = await store.GetAsync(devices, cancellationToken).ConfigureAwait(false);
        return [.. last.Select(c => new DeviceChange(c.Device, c.RequestId, c.Runbook, c.Result, c.At, c.Requester, c.Approver)).OrderByDescending(c => c.At)];
    }
}
