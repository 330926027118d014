namespace ChatNetOps.Execution.Ssh;

using ChatNetOps.Execution.Jump;
using Renci.SshNet;

/// <summary>
/// One authenticated SSH connection to a device, with the interactive shell opened on it (if any), and the tunnel
/// through the device's jump hosts it runs in (if any).
/// </summary>
internal sealed class SshConnection(SshPoolKey key, SshClient client, int id, JumpTunnel? tunnel = null) : IDisposable
{
    private int _disposed;

    public SshPoolKey Key { get; } = key;

    public SshClient Client { get; } = client;

    /// <summary>The tunnel through the jump hosts; null for a device dialled directly.</summary>
    public JumpTunnel? Tunnel { get; } = tunnel;

    /// <summary>Sequence number of connections the pool opened; tests use it to see reuse.</summary>
    public int Id { get; } = id;

    /// <summary>The CLI session for interactive platforms; kept open between runbooks when the connection is pooled.</summary>
    public InteractiveShell? Shell { get; set; }

    public DateTimeOffset LastUsed { get; set; }

    /// <summary>Runs this connection has served.</summary>
    public int Uses { get; set; }

    public bool IsUsable => _disposed == 0 && Client.IsConnected && Shell?.IsBroken != true && Tunnel?.IsAlive != false;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Shell?.Dispose();
        try
        {
            Client.Dispose();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or Renci.SshNet.Common.SshException or IOException or System.Net.Sockets.SocketException)
        {
            // The device already dropped it.
        }

        // After the client: its socket is closed, so the forwarded channel ends at once.
        Tunnel?.Dispose();
    }
}
