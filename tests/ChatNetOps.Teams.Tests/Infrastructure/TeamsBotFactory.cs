namespace ChatNetOps.Teams.Tests.Infrastructure;

using System.Net;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Teams.Connector;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

/// <summary>
/// The real bot host (embedded default, temp SQLite, lab devices without latency) with Teams either authenticated
/// against an <see cref="OpenIdTestServer"/> or in local-development mode.
/// </summary>
public sealed class TeamsBotFactory : WebApplicationFactory<Program>
{
    public const string AppId = "11111111-2222-3333-4444-555555555555";
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatnetops-teams-" + Guid.NewGuid().ToString("N"));

    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string Environment { get; set; } = "Development";

    /// <summary>The caller address every request appears to come from (TestServer sets none).</summary>
    public IPAddress? RemoteAddress { get; set; } = IPAddress.Loopback;

    public bool FakeTokens { get; set; } = true;

    /// <summary>More test services, added after the host's own.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    public string DatabasePath => Path.Combine(_directory, "bot.db");

    public static TeamsBotFactory Authenticated(OpenIdTestServer openId)
    {
        var factory = new TeamsBotFactory();
        factory.Settings["MicrosoftAppId"] = AppId;
        factory.Settings["MicrosoftAppType"] = "SingleTenant";
        factory.Settings["MicrosoftAppTenantId"] = TenantId;
        factory.Settings["MicrosoftAppPassword"] = "not-used-the-token-provider-is-faked";
        factory.Settings["Teams:OpenIdMetadataUrl"] = openId.MetadataUrl.AbsoluteUri;
        factory.Settings["Teams:SigningKeysMinimumRefresh"] = "00:00:00";
        return factory;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_directory);
        builder.UseEnvironment(Environment);
        builder.UseSetting("Inventory:Path", InventoryPaths.Resolve("inventory"));
        builder.UseSetting("Storage:Sqlite:Path", DatabasePath);
        builder.UseSetting("Lab:Latency", "00:00:00");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            if (FakeTokens)
            {
                services.RemoveAll<IConnectorTokenProvider>();
                services.AddSingleton<IConnectorTokenProvider>(new FakeTokenProvider());
            }

            services.AddSingleton<IStartupFilter>(new RemoteAddressFilter(() => RemoteAddress));
            ConfigureServices?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class FakeTokenProvider : IConnectorTokenProvider
    {
        public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>("test-bot-token");
    }

    private sealed class RemoteAddressFilter(Func<IPAddress?> address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress ??= address();
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
