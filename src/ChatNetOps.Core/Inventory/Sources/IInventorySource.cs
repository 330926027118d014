namespace ChatNetOps.Core.Inventory.Sources;

/// <summary>A source of truth for devices (NetBox, Nautobot), read in full on each refresh.</summary>
public interface IInventorySource
{
    /// <summary><c>NetBox</c> or <c>Nautobot</c>.</summary>
    string Kind { get; }

    /// <summary>Where it is read from (a URL; never a token).</summary>
    string Location { get; }

    /// <summary>
    /// Every device the source lists under the configured filters, mapped. Throws <see cref="InventorySourceException"/>
    /// when the source cannot be read completely (unreachable, refused, malformed, gone away mid-way): a partial listing
    /// is never returned.
    /// </summary>
    Task<IReadOnlyList<SourceDevice>> FetchAsync(CancellationToken cancellationToken);
}
