namespace ChatNetOps.Core.Inventory;

using System.Globalization;
using ChatNetOps.Core.Inventory.Loading;

/// <summary>
/// What the catalog knows about its inventory source (NetBox, Nautobot): the snapshot it serves, and whether that
/// snapshot is stale because the source could not be read since.
/// </summary>
/// <param name="Kind"><c>NetBox</c> or <c>Nautobot</c>.</param>
/// <param name="Location">The source's URL (never a token).</param>
public sealed record InventorySourceStatus(string Kind, string Location)
{
    /// <summary>When the snapshot served was read from the source; null until one was.</summary>
    public DateTimeOffset? FetchedAt { get; init; }

    /// <summary>A hash over every device record of the snapshot: two snapshots with one version said the same.</summary>
    public string? Version { get; init; }

    /// <summary>Devices the source listed (valid or not).</summary>
    public int SourceDevices { get; init; }

    /// <summary>The last refresh failed (the last good snapshot serves), or none has succeeded since start.</summary>
    public bool Stale { get; init; }

    /// <summary>When refreshing started failing; null while it succeeds.</summary>
    public DateTimeOffset? FailingSince { get; init; }

    /// <summary>Why the last refresh failed (no secrets).</summary>
    public string? LastError { get; init; }

    /// <summary>Problems with the source's devices (excluded from the catalog) and conflicts with <c>devices.yaml</c>.</summary>
    public IReadOnlyList<InventoryDiagnostic> Findings { get; init; } = [];

    /// <summary>One line for readiness and cards: <c>NetBox https://… stale since 10:02Z (…)</c>.</summary>
    public string Describe()
    {
        var snapshot = FetchedAt is { } at ? $"snapshot of {Stamp(at)}" : "no snapshot";
        if (!Stale)
        {
            return $"{Kind} {Location}: {SourceDevices} devices, {snapshot}, version {Version}";
        }

        var failing = FailingSince is { } since ? $"; refresh failing since {Stamp(since)}" : string.Empty;
        var why = LastError is null ? string.Empty : $": {LastError}";
        return $"{Kind} {Location}: stale, serving {snapshot}{failing}{why}";
    }

    /// <summary>The note a card about a device from this source shows while it is stale; null when it is not.</summary>
    public string? StaleNote() => !Stale
        ? null
        : $"Inventory from {Kind} is stale: " + (FetchedAt is { } at ? $"details as of {Stamp(at)}" : "no snapshot yet")
            + (FailingSince is { } since ? $", source unreachable since {Stamp(since)}." : ".");

    private static string Stamp(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
