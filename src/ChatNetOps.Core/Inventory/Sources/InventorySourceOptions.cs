namespace ChatNetOps.Core.Inventory.Sources;

using System.ComponentModel.DataAnnotations;

/// <summary>How the catalog keeps an inventory source's devices. Bound from <c>Inventory:Source</c>.</summary>
public sealed class InventorySourceOptions
{
    public const string SectionName = "Inventory:Source";

    /// <summary>How often the source is read again.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the snapshot file is checked for a newer snapshot written by <c>chatnetops inventory refresh</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SnapshotPollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Where the last good snapshot is kept, so a restart while the source is down still serves it. Default:
    /// <c>inventory-snapshot.json</c> beside the SQLite file (<c>Storage:Sqlite:Path</c>, else the per-user default database).
    /// </summary>
    public string? SnapshotPath { get; set; }
}
