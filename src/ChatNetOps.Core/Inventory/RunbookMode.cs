namespace ChatNetOps.Core.Inventory;

public enum RunbookMode
{
    ReadOnly,
    StateChanging,
}
