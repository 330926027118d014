namespace ChatNetOps.Execution.FortiGate;

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Execution.Jump;
using ChatNetOps.Execution.Ssh;

/// <summary>
/// HTTPS to one FortiGate: its own connection pool, certificate check by <see cref="FortiGateTrust"/>, no proxy, no
/// redirects, no cookies. The API token travels only in the <c>Authorization</c> header of each request. A FortiGate
/// with jump hosts (<see cref="Device.Via"/>) is reached through a tunnel from <see cref="JumpHostPool"/> per HTTPS
/// connection (TLS stays end to end with the FortiGate, its certificate checked as for a direct connection).
/// </summary>
internal sealed class FortiGateClient : IDisposable
{
    /// <summary>The request's span, so a connection opened for it (through jump hosts) traces under it.</summary>
    private static readonly HttpRequestOptionsKey<Activity?> RequestSpan = new("chatnetops.request_span");

    private readonly HttpClient _http;
    private readonly Device _device;
    private readonly JumpHostPool _jumps;
    private string? _rejection;
    private string? _tunnelProblem;

    public FortiGateClient(Device device, FortiGateTrust trust, FortiGateOptions options, JumpHostPool jumps)
    {
        _device = device;
        _jumps = jumps;
        BaseAddress = new UriBuilder(Uri.UriSchemeHttps, device.Address, device.Port).Uri;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.All,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    var problem = trust.Check(device, certificate, chain, errors);
                    _rejection = problem;
                    return problem is null;
                },
            },
        };
        if (device.Via.Count > 0)
        {
            handler.ConnectCallback = ConnectThroughJumpHostsAsync;
        }

        _http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = options.MaxResponseBytes,
        };
    }

    public Uri BaseAddress { get; }

    /// <summary>Why the last TLS handshake refused the server's certificate, if it did.</summary>
    public string? TakeRejection() => Interlocked.Exchange(ref _rejection, null);

    /// <summary>Why the last tunnel through the jump hosts closed before the FortiGate answered, if it did.</summary>
    public string? TakeTunnelProblem() => Interlocked.Exchange(ref _tunnelProblem, null);

    /// <summary>GET <paramref name="pathAndQuery"/> with the bearer token; the whole body is read before returning.</summary>
    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string pathAndQuery, string apiToken, Activity? span, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Options.Set(RequestSpan, span);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, body);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// A new HTTPS connection's TCP stream, through a tunnel on the device's jump hosts. A hop's failure (pin, auth,
    /// unreachable) surfaces as the <see cref="SshRunException"/> inside the request's exception.
    /// </summary>
    private async ValueTask<Stream> ConnectThroughJumpHostsAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        if (context.InitialRequestMessage.Options.TryGetValue(RequestSpan, out var span) && span is not null)
        {
            Activity.Current = span;
        }

        // The ssh jump spans report the hop's own error (there is no SSH run around them).
        SshRunTrace.Begin(ex => ex is SshRunException jump ? new SshOutcome(jump.Status, -1, jump.Message, jump.ErrorType) : null);
        var tunnel = await _jumps.OpenTunnelAsync(_device.Via, _device, _device.Address, _device.Port, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(tunnel.LocalEndPoint, cancellationToken);
            var hop = tunnel.Hop.Name;
            return new TunnelStream(socket, tunnel, () => _tunnelProblem =
                $"cannot reach {_device.Name} at {_device.Address}:{_device.Port} from jump host {hop}: the jump host could not open a connection to it");
        }
        catch
        {
            socket.Dispose();
            tunnel.Dispose();
            throw;
        }
    }
}
