namespace ChatNetOps.Core.Inventory.Loading;

/// <summary>The outcome of loading an inventory folder: the catalog, or every problem found.</summary>
/// <param name="Catalog">The loaded catalog; null when any error was found.</param>
public sealed record InventoryLoadResult(InventoryCatalog? Catalog, IReadOnlyList<InventoryDiagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
