namespace ChatNetOps.Inventory.NetBox;

/// <summary>NetBox and Nautobot share the device list endpoint and paging; these are the differences that matter here.</summary>
public enum SourceFlavor
{
    /// <summary>NetBox 4.x: nested objects carry slugs; <c>Token</c> (v1) or <c>Bearer nbt_…</c> (v2) tokens.</summary>
    NetBox,

    /// <summary>Nautobot 2.x: UUIDs, <c>location</c> instead of site, nested objects only with <c>?depth=1</c>, names instead of slugs.</summary>
    Nautobot,
}
