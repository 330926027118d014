namespace ChatNetOps.Core.Inventory;

/// <summary>
/// A jump host (bastion) from the <c>jump_hosts</c> section of <c>devices.yaml</c>: an SSH server the worker goes
/// through to reach devices it cannot dial directly. Only port forwarding is used on it (an SSH <c>direct-tcpip</c>
/// channel per device session); no command ever runs there.
/// </summary>
/// <param name="CredentialRef">The name of the credential the worker logs in to the jump host with; never a secret.</param>
/// <param name="HostKeyFingerprint">Pinned SSH host key, <c>SHA256:base64</c> as printed by <c>ssh-keygen -lf</c>. Always required.</param>
/// <param name="SessionLimit">SSH connections one worker keeps to this jump host at once.</param>
/// <param name="ChannelsPerSession">Device sessions (forwarded channels) one such connection carries at once.</param>
public sealed record JumpHost(
    string Name,
    string Address,
    int Port,
    string CredentialRef,
    string HostKeyFingerprint,
    int SessionLimit,
    int ChannelsPerSession = JumpHost.DefaultChannelsPerSession)
{
    public const int DefaultChannelsPerSession = 10;

    /// <summary>Longest chain of jump hosts a device may be reached through.</summary>
    public const int MaxHops = 8;

    /// <summary>The value of <c>via:</c> that means "dial the device directly", overriding a group or site default.</summary>
    public const string Direct = "direct";

    public string? Description { get; init; }
}
