namespace ChatNetOps.Core.Requests;

/// <summary>
/// The last state-changing run on each device: a small projection written when such a run ends (<see
/// cref="RequestJournal.AnnounceAsync"/>), read by key, so "the last change on this device" never scans the audit
/// trail. A record replaces what is stored for the device only when it is newer (<see
/// cref="DeviceLastChange.IsNewerThan"/>), so a late or repeated write never moves the answer back.
/// </summary>
public interface IDeviceChangeStore
{
    /// <summary>Records each change for its device, unless the device already has a newer one.</summary>
    Task RecordAsync(IReadOnlyList<DeviceLastChange> changes, CancellationToken cancellationToken);

    /// <summary>The last change of each of <paramref name="devices"/> that has one (names match without regard to case).</summary>
    Task<IReadOnlyList<DeviceLastChange>> GetAsync(IReadOnlyCollection<string> devices, CancellationToken cancellationToken);
}
