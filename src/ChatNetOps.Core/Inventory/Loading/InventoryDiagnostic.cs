namespace ChatNetOps.Core.Inventory.Loading;

/// <summary>One problem found in an inventory file, with the 1-based line and column it is at (0 when it has none).</summary>
public sealed record InventoryDiagnostic(string File, int Line, int Column, string Message, DiagnosticSeverity Severity)
{
    /// <summary><c>file:line: message</c>, the form editors and CI logs link to.</summary>
    public override string ToString() =>
        Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}
