namespace ChatNetOps.Core.Requests;

/// <summary>
/// The last finished state-changing run on one device, as <see cref="IDeviceChangeStore"/> keeps it: the run, its
/// runbook, how it ended on this device, when, who asked and who approved (null when nobody had to).
/// </summary>
/// <param name="Device">The device as the request named it.</param>
/// <param name="RequestId">The run.</param>
/// <param name="Runbook">Its runbook.</param>
/// <param name="Result">succeeded, failed, timed out or interrupted.</param>
/// <param name="At">When it ended.</param>
/// <param name="Requester">Who asked (display name).</param>
/// <param name="Approver">Who approved (display name), or null.</param>
public sealed record DeviceLastChange(string Device, string RequestId, string Runbook, string Result, DateTimeOffset At, string Requester, string? Approver)
{
    /// <summary>The key a device is stored under: device names match without regard to case.</summary>
    public static string KeyOf(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.ToUpperInvariant();
    }

    /// <summary>Whether this change is newer than <paramref name="other"/> (later end; on a tie the larger request id).</summary>
    public bool IsNewerThan(DeviceLastChange other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return At.UtcTicks != other.At.UtcTicks ? At.UtcTicks > other.At.UtcTicks : string.CompareOrdinal(RequestId, other.RequestId) >= 0;
    }
}
