namespace ChatNetOps.Core.Inventory;

using System.Globalization;

/// <summary>Where the catalog's record of a device comes from: a line of <c>devices.yaml</c>, or an inventory source.</summary>
/// <param name="Source"><c>devices.yaml</c>, <c>NetBox</c> or <c>Nautobot</c>.</param>
/// <param name="Reference">The line (<c>12</c>) or the source's object id (<c>123</c>).</param>
public sealed record DeviceOrigin(string Source, string Reference)
{
    public const string LocalFile = "devices.yaml";

    /// <summary>The source's page for the device, when it has one.</summary>
    public string? Url { get; init; }

    /// <summary>When the source last changed the device, as it says.</summary>
    public string? LastUpdated { get; init; }

    /// <summary>A <c>devices.yaml</c> entry that replaces a source's device of the same name: that device.</summary>
    public DeviceOrigin? Overrides { get; init; }

    public bool IsLocal => Source == LocalFile;

    public static DeviceOrigin Local(int line) => new(LocalFile, line.ToString(CultureInfo.InvariantCulture));

    /// <summary><c>devices.yaml:12</c>, <c>NetBox #123</c>, or <c>devices.yaml:12 (overrides NetBox #123)</c>.</summary>
    public override string ToString()
    {
        var text = IsLocal ? $"{Source}:{Reference}" : $"{Source} #{Reference}";
        return Overrides is { } overridden ? $"{text} (overrides {overridden})" : text;
    }
}
