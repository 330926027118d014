namespace ChatNetOps.Execution.FortiGate;

using System.Collections.Concurrent;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Execution.Jump;

/// <summary>
/// One <see cref="FortiGateClient"/> per device (name, address, port, pin, jump hosts), so consecutive runs reuse the
/// TLS connection. A changed address, pin or route in the inventory gives a new client.
/// </summary>
internal sealed class FortiGateClients(FortiGateTrust trust, FortiGateOptions options, JumpHostPool jumps) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<FortiGateClient>> _clients = new(StringComparer.Ordinal);

    public FortiGateClient For(Device device)
    {
        var key = $"{device.Name}\n{device.Address}\n{device.Port}\n{device.TlsCertificateSha256}\n{JumpHostPool.RouteKey(device.Via, device.Via.Count)}";
        return _clients.GetOrAdd(key, _ => new Lazy<FortiGateClient>(() => new FortiGateClient(device, trust, options, jumps))).Value;
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }
    }
}
