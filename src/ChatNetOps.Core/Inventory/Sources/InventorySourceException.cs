namespace ChatNetOps.Core.Inventory.Sources;

/// <summary>An inventory source could not be read completely; the message says why and carries no secret.</summary>
public sealed class InventorySourceException : Exception
{
    public InventorySourceException(string message)
        : base(message)
    {
    }

    public InventorySourceException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
