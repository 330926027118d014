namespace ChatNetOps.Execution.Ssh;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Execution.Jump;

/// <summary>
/// Sessions are shared only between runs to the same device with the same address, credential and pinned key, reached
/// through the same jump hosts (<see cref="Route"/>: empty when dialled directly).
/// </summary>
internal sealed record SshPoolKey(string Device, string Address, int Port, string CredentialRef, string? HostKeyFingerprint, string Route)
{
    public static SshPoolKey For(Device device) =>
        new(device.Name, device.Address, device.Port, device.CredentialRef, device.HostKeyFingerprint, JumpHostPool.RouteKey(device.Via, device.Via.Count));
}
