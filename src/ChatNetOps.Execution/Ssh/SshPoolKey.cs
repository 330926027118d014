namespace ChatNetOps.Execution.Ssh;

using ChatNetOps.Core.Inventory;

/// <summary>Sessions are shared only between runs to the same device with the same address, credential and pinned key.</summary>
internal sealed record SshPoolKey(string Device, string Address, int Port, string CredentialRef, string? HostKeyFingerprint)
{
    public static SshPoolKey For(Device device) =>
        new(device.Name, device.Address, device.Port, device.CredentialRef, device.HostKeyFingerprint);
}
