namespace ChatNetOps.Azure.Tests.Infrastructure;

/// <summary>An IHttpClientFactory over one shared handler, as the real factory pools them.</summary>
internal sealed class SingleHandlerHttpClientFactory : IHttpClientFactory, IDisposable
{
    private readonly SocketsHttpHandler _handler = new() { MaxConnectionsPerServer = 256 };

    public HttpClient CreateClient(string name) => new(_handler, disposeHandler: false) { Timeout = TimeSpan.FromMinutes(2) };

    public void Dispose() => _handler.Dispose();
}
