namespace ChatNetOps.Execution.Jump;

using ChatNetOps.Core.Inventory;
using Renci.SshNet;

/// <summary>
/// One authenticated SSH connection to a jump host, shared by up to <see cref="JumpHost.ChannelsPerSession"/> tunnels.
/// A jump host further down a chain is reached through <see cref="Upstream"/>, a tunnel on the previous hop's connection.
/// </summary>
internal sealed class JumpConnection : IDisposable
{
    private int _disposed;
    private int _lost;

    public JumpConnection(string routeKey, JumpHost hop, int position, SshClient client, JumpTunnel? upstream, int id)
    {
        RouteKey = routeKey;
        Hop = hop;
        Position = position;
        Client = client;
        Upstream = upstream;
        Id = id;

        // SSH.NET raises this before it closes the connection's channels, so a tunnel that drops because the jump host
        // went away is already known as lost when the device session notices.
        client.ErrorOccurred += (_, _) => Volatile.Write(ref _lost, 1);
    }

    /// <summary>The chain up to and including this hop; connections are shared only within one route.</summary>
    public string RouteKey { get; }

    public JumpHost Hop { get; }

    /// <summary>1-based position of <see cref="Hop"/> in the chain.</summary>
    public int Position { get; }

    public SshClient Client { get; }

    public JumpTunnel? Upstream { get; }

    /// <summary>Sequence number of jump connections the pool opened; the same number on two runs means one connection served both.</summary>
    public int Id { get; }

    /// <summary>Tunnels open on this connection (guarded by the pool's lock).</summary>
    public int Channels { get; set; }

    /// <summary>When <see cref="Channels"/> last dropped to zero (guarded by the pool's lock).</summary>
    public DateTimeOffset IdleSince { get; set; }

    public bool IsAlive => Volatile.Read(ref _disposed) == 0 && Volatile.Read(ref _lost) == 0 && Client.IsConnected && Upstream?.IsAlive != false;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            Client.Dispose();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or Renci.SshNet.Common.SshException or IOException or System.Net.Sockets.SocketException)
        {
            // The jump host already dropped it.
        }

        Upstream?.Dispose();
    }
}
