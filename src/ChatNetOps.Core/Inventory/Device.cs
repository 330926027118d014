namespace ChatNetOps.Core.Inventory;

/// <summary>A managed device from <c>inventory/devices.yaml</c>.</summary>
/// <param name="CredentialRef">The name of a credential held by the credential provider; never a secret.</param>
/// <param name="HostKeyFingerprint">Pinned SSH host key, <c>SHA256:base64</c> as printed by <c>ssh-keygen -lf</c>.</param>
/// <param name="SessionLimit">Concurrent sessions allowed to this device across all workers.</param>
public sealed record Device(
    string Name,
    Platform Platform,
    IReadOnlyList<string> Groups,
    string Site,
    string Address,
    int Port,
    Transport Transport,
    string CredentialRef,
    string? HostKeyFingerprint,
    int SessionLimit)
{
    public string? Description { get; init; }

    /// <summary>For <see cref="Transport.FortiGateApi"/>: pinned TLS certificate SHA-256 (hex).</summary>
    public string? TlsCertificateSha256 { get; init; }

    /// <summary>FortiOS VDOM the runbooks act in, when the device runs VDOMs.</summary>
    public string? Vdom { get; init; }

    /// <summary>
    /// The device's configuration item in ServiceNow (<c>servicenow_ci</c>: its sys_id, or its name in <c>cmdb_ci</c>);
    /// the change record's <c>cmdb_ci</c> when this device is the incident's first with one.
    /// </summary>
    public string? ServiceNowCi { get; init; }

    /// <summary>
    /// The jump hosts the worker goes through to reach the device, first hop (the one the worker dials) first; empty
    /// when the device is dialled directly. Resolved from the device's <c>via:</c>, its groups' or its site's default.
    /// </summary>
    public IReadOnlyList<JumpHost> Via { get; init; } = [];

    /// <summary>Interface name → description (<c>interfaces:</c>), case-insensitive; shown on approval cards that name one.</summary>
    public IReadOnlyDictionary<string, string> Interfaces { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public bool InGroup(string group) => Groups.Contains(group, StringComparer.OrdinalIgnoreCase);
}
