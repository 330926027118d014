namespace ChatNetOps.Core.ChangeWindows;

using ChatNetOps.Core.Inventory;

/// <summary>
/// The devices a change window covers: the devices it names, or every device in one group. <see cref="Everything"/>
/// (a standing window from a policy binding) covers any device.
/// </summary>
public sealed record ChangeWindowScope(IReadOnlyList<string> Devices, string? Group)
{
    /// <summary>The scope of a standing policy binding, which names no devices.</summary>
    public static ChangeWindowScope Everything { get; } = new([], null) { All = true };

    /// <summary>Whether the scope covers every device (a standing window).</summary>
    public bool All { get; init; }

    public bool Covers(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return All
            || Devices.Contains(device.Name, StringComparer.OrdinalIgnoreCase)
            || (Group is not null && device.InGroup(Group));
    }

    /// <summary>The scope in words: <c>devices dist-sw-01, dist-sw-02</c> or <c>group access</c>.</summary>
    public string Describe() => All ? "any device" : Group is not null ? $"group {Group}" : "devices " + string.Join(", ", Devices);
}
