namespace ChatNetOps.Core.Inventory;

using System.Globalization;

/// <summary>
/// What the catalog believed about a request's devices, for its audit events: the inventory source and snapshot, and
/// each target's record as the catalog held it (so an export shows what the bot acted on).
/// </summary>
public static class InventoryProvenance
{
    /// <summary>At most this many targets are described one by one (a group fan-out can be large).</summary>
    public const int MaxDescribedTargets = 20;

    public static IEnumerable<KeyValuePair<string, string>> Describe(InventoryCatalog catalog, IReadOnlyList<string> targets)
    {
        if (catalog.Source is { } source)
        {
            yield return new("inventory.source", $"{source.Kind} {source.Location}");
            yield return new("inventory.snapshot", source.Version ?? "none");
            yield return new("inventory.fetchedAt", source.FetchedAt?.ToString("O", CultureInfo.InvariantCulture) ?? "never");
            if (source.Stale)
            {
                yield return new("inventory.stale", source.Describe());
            }
        }
        else
        {
            yield return new("inventory.source", DeviceOrigin.LocalFile);
        }

        foreach (var target in targets.Take(MaxDescribedTargets))
        {
            yield return new("inventory.device." + target, DescribeDevice(catalog, target));
        }
    }

    /// <summary><c>NetBox #12 cisco_ios 192.0.2.1:22 ssh via jump-01</c>, or why the catalog no longer has the device.</summary>
    public static string DescribeDevice(InventoryCatalog catalog, string name)
    {
        if (catalog.FindDevice(name) is not { } device)
        {
            return "not in the catalog" + (catalog.WithdrawnReason(name) is { } reason ? ": " + reason : string.Empty);
        }

        var origin = catalog.OriginOf(device.Name);
        var via = device.Via.Count == 0 ? string.Empty : " via " + string.Join(">", device.Via.Select(j => j.Name));
        var updated = origin.LastUpdated is null ? string.Empty : $" (updated {origin.LastUpdated})";
        return $"{origin}{updated} {device.Platform.ToName()} {device.Address}:{device.Port} {device.Transport.ToName()}{via}";
    }

    /// <summary>Why a device a request names can no longer be acted on; null when the catalog still has it.</summary>
    public static string? Unavailable(InventoryCatalog catalog, string name) =>
        catalog.FindDevice(name) is not null
            ? null
            : $"device {name} is no longer in the inventory" + (catalog.WithdrawnReason(name) is { } reason ? $" ({reason})" : string.Empty);

    /// <summary>
    /// The note a card about a request shows while any of its devices comes from a source that is stale
    /// (<see cref="InventorySourceStatus.StaleNote"/>); null otherwise.
    /// </summary>
    public static string? StaleNote(InventoryCatalog catalog, IReadOnlyList<string> targets) =>
        catalog.Source is { Stale: true } source && targets.Any(t => !catalog.OriginOf(t).IsLocal) ? source.StaleNote() : null;
}
