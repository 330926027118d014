namespace ChatNetOps.Alerts.Cards;

using System.Globalization;
using ChatNetOps.Core.ChangeWindows;
using ChatNetOps.Core.Inventory;

/// <summary>
/// The alert card's change window, from the change-window store: the stored window open now (between its start and its
/// end, not closed) whose scope covers any of the incident's devices (named, or in its group), described as
/// <c>CHG-2001 open until 22:30 UTC — summary</c>; one not yet acknowledged says so. When several cover the devices,
/// the one that ends first is shown and the rest are counted. A standing window from a policy binding covers a
/// conversation, not devices, so it is not shown here. Without a change-window store there is nothing to show.
/// </summary>
public sealed class OpenChangeWindows(InventoryCatalog catalog, TimeProvider time, IChangeWindowStore? store = null) : IOpenChangeWindows
{
    public async Task<string?> DescribeAsync(IReadOnlyList<string> devices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(devices);
        if (store is null || devices.Count == 0)
        {
            return null;
        }

        var known = devices.Select(catalog.FindDevice).OfType<Device>().ToArray();
        var now = time.GetUtcNow();
        var covering = (await store.ListActiveAsync(cancellationToken).ConfigureAwait(false))
            .Where(w => !w.IsStanding && w.StateAt(now) == ChangeWindowState.Open
                && (known.Any(w.Scope.Covers) || devices.Any(d => w.Scope.Devices.Contains(d, StringComparer.OrdinalIgnoreCase))))
            .OrderBy(w => w.End)
            .ThenBy(w => w.Id, StringComparer.Ordinal)
            .ToArray();
        if (covering is not [var first, ..])
        {
            return null;
        }

        var until = first.End.UtcDateTime.ToString(first.End.UtcDateTime.Date == now.UtcDateTime.Date ? "HH:mm" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var text = $"{first.Id} open until {until} UTC — {first.Summary}";
        if (!first.IsAcknowledged)
        {
            text += " (not acknowledged)";
        }

        return covering.Length > 1 ? string.Create(CultureInfo.InvariantCulture, $"{text} (+{covering.Length - 1} more)") : text;
    }
}
