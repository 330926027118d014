namespace ChatNetOps.Core.Inventory;

using System.ComponentModel.DataAnnotations;

/// <summary>Where the operational catalog lives. Bound from <c>Inventory</c> (<c>Inventory:Path</c>).</summary>
public sealed class InventoryOptions
{
    public const string SectionName = "Inventory";

    [Required]
    public string Path { get; set; } = "inventory";
}
