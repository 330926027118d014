namespace ChatNetOps.Core.Inventory.Loading;

/// <summary>The inventory folder has problems; the message lists each one as <c>file:line: message</c>.</summary>
public sealed class InventoryLoadException : Exception
{
    public InventoryLoadException(IReadOnlyList<InventoryDiagnostic> diagnostics)
        : base(Describe(diagnostics)) => Diagnostics = diagnostics;

    public IReadOnlyList<InventoryDiagnostic> Diagnostics { get; }

    private static string Describe(IReadOnlyList<InventoryDiagnostic> diagnostics) =>
        $"The inventory has {diagnostics.Count} problem(s); fix them (run 'chatnetops lint' to check):"
        + Environment.NewLine
        + string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));
}
