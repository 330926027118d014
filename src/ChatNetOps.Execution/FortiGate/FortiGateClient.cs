namespace ChatNetOps.Execution.FortiGate;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using ChatNetOps.Core.Inventory;

/// <summary>
/// HTTPS to one FortiGate: its own connection pool, certificate check by <see cref="FortiGateTrust"/>, no proxy, no
/// redirects, no cookies. The API token travels only in the <c>Authorization</c> header of each request.
/// </summary>
internal sealed class FortiGateClient : IDisposable
{
    private readonly HttpClient _http;
    private string? _rejection;

    public FortiGateClient(Device device, FortiGateTrust trust, FortiGateOptions options)
    {
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

    /// <summary>GET <paramref name="pathAndQuery"/> with the bearer token; the whole body is read before returning.</summary>
    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string pathAndQuery, string apiToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, body);
    }

    public void Dispose() => _http.Dispose();
}
