namespace ChatNetOps.Execution.Jump;

using System.Net;
using ChatNetOps.Core.Inventory;
using Renci.SshNet;

/// <summary>
/// A one-shot local port forward through a jump connection to one target (a device or the next jump host): SSH.NET's
/// <see cref="ForwardedPortLocal"/> listening on 127.0.0.1 on an ephemeral port, which carries the first connection it
/// accepts over a <c>direct-tcpip</c> channel and refuses any later one. The caller connects to
/// <see cref="LocalEndPoint"/> at once, so the listener serves exactly that connection. Disposing stops the forward
/// and gives the channel back to the pool.
/// </summary>
internal sealed class JumpTunnel : IDisposable
{
    private readonly ForwardedPortLocal _forward;
    private readonly Action<JumpTunnel> _release;
    private int _accepted;
    private int _disposed;

    public JumpTunnel(JumpConnection connection, string host, int port, Action<JumpTunnel> release)
    {
        Connection = connection;
        _release = release;
        _forward = new ForwardedPortLocal(IPAddress.Loopback.ToString(), 0, host, (uint)port);
        _forward.RequestReceived += (_, e) =>
        {
            // Throwing makes SSH.NET close the accepted socket without opening a channel.
            if (!IPAddress.TryParse(e.OriginatorHost, out var from) || !IPAddress.IsLoopback(from))
            {
                throw new InvalidOperationException("the tunnel serves loopback connections only");
            }

            if (Interlocked.Increment(ref _accepted) > 1)
            {
                throw new InvalidOperationException("the tunnel already carries its one connection");
            }
        };

        try
        {
            connection.Client.AddForwardedPort(_forward);
            _forward.Start();
        }
        catch
        {
            _forward.Dispose();
            throw;
        }

        LocalEndPoint = new IPEndPoint(IPAddress.Loopback, (int)_forward.BoundPort);
    }

    /// <summary>The jump connection whose channel the tunnel uses (its last hop dials the target).</summary>
    public JumpConnection Connection { get; }

    /// <summary>The jump host that dials the target.</summary>
    public JumpHost Hop => Connection.Hop;

    /// <summary>Where the caller connects to reach the target.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>True once the forward accepted a connection (a target that then closes it was refused by the jump host).</summary>
    public bool Used => Volatile.Read(ref _accepted) > 0;

    public bool IsAlive => Volatile.Read(ref _disposed) == 0 && Connection.IsAlive;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            // Stops the listener and waits (briefly: the caller closed its socket first) for the channel to close.
            Connection.Client.RemoveForwardedPort(_forward);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException or Renci.SshNet.Common.SshException or IOException or System.Net.Sockets.SocketException)
        {
            // The jump connection is gone already; so is the channel.
        }

        _forward.Dispose();
        _release(this);
    }
}
