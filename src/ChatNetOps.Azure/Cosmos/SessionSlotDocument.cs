namespace ChatNetOps.Azure.Cosmos;

/// <summary>A device's session slot as stored in the <c>locks</c> container beside the device's lock.</summary>
internal sealed record SessionSlotDocument(string Device, int Slot, string Holder, DateTimeOffset LeaseUntil);
