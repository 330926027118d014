namespace ChatNetOps.ServiceBusStandIn;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>The stand-in on http://127.0.0.1:{port}/ (0 = any free port), in this process. Dispose to stop it.</summary>
public sealed class StandInServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StandInServer(WebApplication app, StandInBroker broker, Uri endpoint)
    {
        _app = app;
        Broker = broker;
        Endpoint = endpoint;
    }

    public StandInBroker Broker { get; }

    /// <summary>The namespace endpoint, e.g. <c>http://127.0.0.1:5399/</c>.</summary>
    public Uri Endpoint { get; }

    public static async Task<StandInServer> StartAsync(int port = 0, StandInBroker? broker = null, CancellationToken cancellationToken = default)
    {
        broker ??= new StandInBroker();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        var instance = broker;
        app.Run(context => StandInEndpoints.HandleAsync(context, instance));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new StandInServer(app, broker, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
