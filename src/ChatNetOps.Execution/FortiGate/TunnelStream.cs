namespace ChatNetOps.Execution.FortiGate;

using System.Net.Sockets;
using ChatNetOps.Execution.Jump;

/// <summary>
/// The TCP stream of one HTTPS connection to a FortiGate reached through jump hosts: a socket to the local end of a
/// <see cref="JumpTunnel"/>. Closing it closes the tunnel (its channel goes back to the jump host pool). A tunnel the
/// jump host closes before a single byte arrives means the jump host could not connect to the FortiGate;
/// <paramref name="refused"/> is told so the run can say that instead of a TLS error.
/// </summary>
internal sealed class TunnelStream(Socket socket, JumpTunnel tunnel, Action refused) : NetworkStream(socket, ownsSocket: true)
{
    private long _received;
    private int _disposed;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await base.ReadAsync(buffer, cancellationToken), buffer.Length);

    public override int Read(Span<byte> buffer) => Count(base.Read(buffer), buffer.Length);

    public override int Read(byte[] buffer, int offset, int count) => Count(base.Read(buffer, offset, count), count);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            tunnel.Dispose();
        }
    }

    private int Count(int read, int asked)
    {
        if (read == 0 && asked > 0 && Interlocked.Read(ref _received) == 0)
        {
            refused();
        }

        Interlocked.Add(ref _received, read);
        return read;
    }
}
