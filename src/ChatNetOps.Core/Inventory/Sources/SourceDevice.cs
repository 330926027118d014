namespace ChatNetOps.Core.Inventory.Sources;

/// <summary>
/// One device as an inventory source lists it, already mapped into the vocabulary of <c>devices.yaml</c> (platform
/// <c>cisco_ios</c>, transport <c>ssh</c>, …) but not yet checked: the catalog validates it against the same JSON
/// Schema as a <c>devices.yaml</c> entry and builds a <see cref="Device"/> only when it passes.
/// </summary>
/// <param name="Id">The source's id of the device (NetBox: an integer; Nautobot: a UUID).</param>
public sealed record SourceDevice(string Id)
{
    public string? Name { get; init; }

    public string? Platform { get; init; }

    public string? Site { get; init; }

    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>The management address without a prefix length.</summary>
    public string? Address { get; init; }

    public int? Port { get; init; }

    public string? Transport { get; init; }

    public string? CredentialRef { get; init; }

    public string? HostKeyFingerprint { get; init; }

    public string? Via { get; init; }

    public int? SessionLimit { get; init; }

    /// <summary>The device's ServiceNow configuration item (sys_id or name), as <c>servicenow_ci</c> in devices.yaml.</summary>
    public string? ServiceNowCi { get; init; }

    public string? Description { get; init; }

    /// <summary>Interface name → description, as <c>interfaces</c> in devices.yaml (null when the source gave none).</summary>
    public IReadOnlyDictionary<string, string>? Interfaces { get; init; }

    /// <summary>The device's page in the source.</summary>
    public string? Url { get; init; }

    /// <summary>The source's last-change time of the device, as it says it.</summary>
    public string? LastUpdated { get; init; }

    /// <summary>Why the device could not be mapped at all (e.g. a platform with no mapping); it is then left out.</summary>
    public string? Problem { get; init; }
}
