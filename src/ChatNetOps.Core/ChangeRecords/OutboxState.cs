namespace ChatNetOps.Core.ChangeRecords;

public enum OutboxState
{
    Pending,
    Delivered,
    Dead,
}
