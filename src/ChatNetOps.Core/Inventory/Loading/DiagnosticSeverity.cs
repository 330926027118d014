namespace ChatNetOps.Core.Inventory.Loading;

public enum DiagnosticSeverity
{
    Error,
    Warning,
}
