namespace ChatNetOps.Core.Locks;

/// <summary>One of a device's concurrent session slots, held by a worker for read-only work.</summary>
public sealed record SessionSlot(string Device, int Slot, string Holder, DateTimeOffset LeaseUntil)
{
    public string? ETag { get; init; }
}
