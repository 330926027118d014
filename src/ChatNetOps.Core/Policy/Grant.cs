namespace ChatNetOps.Core.Policy;

/// <summary>
/// One rule of the policy: members of <paramref name="Role"/> may perform <paramref name="Actions"/>
/// on <paramref name="Runbooks"/> against devices in <paramref name="DeviceGroups"/> from conversations of
/// <paramref name="ChannelKinds"/>. <c>*</c> in a list means any. Everything not granted is denied.
/// </summary>
public sealed record Grant(
    string Role,
    IReadOnlyList<GrantAction> Actions,
    IReadOnlyList<string> Runbooks,
    IReadOnlyList<string> DeviceGroups,
    IReadOnlyList<ChannelKind> ChannelKinds)
{
    public const string Any = "*";

    public bool CoversRunbook(string runbook) =>
        Runbooks.Any(r => r == Any || string.Equals(r, runbook, StringComparison.OrdinalIgnoreCase));

    public bool CoversGroupOf(Inventory.Device device) =>
        DeviceGroups.Any(g => g == Any || device.InGroup(g));
}
