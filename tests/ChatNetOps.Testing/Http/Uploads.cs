namespace ChatNetOps.Testing.Http;

using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

/// <summary>
/// Counts how many request-body bytes the bot's endpoints read (a middleware wraps <c>Request.Body</c>), and sends a
/// body of any length without a Content-Length, so Kestrel receives it chunked.
/// </summary>
public sealed class BodyReadCounter : IStartupFilter
{
    private long _read;

    public long Read => Interlocked.Read(ref _read);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Request.Body = new CountingStream(context.Request.Body, this);
            return nextMiddleware(context);
        });
        next(app);
    };

    private sealed class CountingStream(Stream inner, BodyReadCounter counter) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            Interlocked.Add(ref counter._read, read);
            return read;
        }
    }
}

/// <summary>
/// A hostile HTTP/1.1 client on a raw socket: sends the headers, then a chunked body of <c>length</c> bytes as fast as
/// the server takes it, while reading the answer; stops sending once the server has answered or closed. Unlike
/// HttpClient, it still reports the status when the server answers early and closes the connection mid-upload.
/// </summary>
public static class RawUpload
{
    public static async Task<int> PostChunkedAsync(Uri server, string path, long length, IReadOnlyDictionary<string, string> headers, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancel.Token);
        var stream = client.GetStream();
        var head = new StringBuilder()
            .Append("POST ").Append(path).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(server.Authority).Append("\r\n")
            .Append("Content-Type: application/json\r\n")
            .Append("Transfer-Encoding: chunked\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), cancel.Token);
        using var answered = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token);
        var reading = ReadStatusAsync(stream, answered, cancel.Token);
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)' ');
        chunk[0] = (byte)'{';
        var prefix = Encoding.ASCII.GetBytes($"{chunk.Length:X}\r\n");
        var crlf = "\r\n"u8.ToArray();
        try
        {
            for (long sent = 0; sent < length && !answered.IsCancellationRequested; sent += chunk.Length)
            {
                await stream.WriteAsync(prefix, answered.Token);
                await stream.WriteAsync(chunk, answered.Token);
                await stream.WriteAsync(crlf, answered.Token);
                chunk[0] = (byte)' ';
            }

            await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), answered.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException && !cancel.IsCancellationRequested)
        {
            // The server answered or closed: stop sending.
        }

        return await reading;
    }

    private static async Task<int> ReadStatusAsync(NetworkStream stream, CancellationTokenSource answered, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                received.AddRange(buffer.AsSpan(0, read));
                var text = Encoding.ASCII.GetString([.. received]);
                var end = text.IndexOf("\r\n", StringComparison.Ordinal);
                if (end > 0)
                {
                    return int.Parse(text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        finally
        {
            await answered.CancelAsync();
        }

        return 0;
    }
}
