namespace ChatNetOps.Inventory.NetBox;

using ChatNetOps.Core.Inventory.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

public static class InventorySourceServiceCollectionExtensions
{
    public const string HttpClientName = "chatnetops-inventory-source";

    /// <summary>
    /// When <c>Inventory:Source:NetBox:Url</c> or <c>Inventory:Source:Nautobot:Url</c> is set: that source, the refresher
    /// that keeps the catalog's devices in step with it and its snapshot on disk. Nothing otherwise.
    /// </summary>
    /// <param name="defaultDatabasePath">
    /// The SQLite file the caller uses when <c>Storage:Sqlite:Path</c> is not set (the hosts and the CLI pass the per-user
    /// default, <c>SqliteDefaults.DatabasePath</c>): the snapshot's default is beside it, so it does not depend on the
    /// directory a host is started from.
    /// </param>
    public static IServiceCollection AddChatNetOpsInventorySource(this IServiceCollection services, IConfiguration configuration, string defaultDatabasePath, bool refreshInBackground = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultDatabasePath);
        var netbox = configuration.GetSection(SourceOptions.NetBoxSection);
        var nautobot = configuration.GetSection(SourceOptions.NautobotSection);
        var useNetBox = !string.IsNullOrWhiteSpace(netbox["Url"]);
        var useNautobot = !string.IsNullOrWhiteSpace(nautobot["Url"]);
        if (useNetBox && useNautobot)
        {
            throw new InvalidOperationException($"Configure one inventory source: {SourceOptions.NetBoxSection}:Url or {SourceOptions.NautobotSection}:Url, not both.");
        }

        if (!useNetBox && !useNautobot)
        {
            return services;
        }

        var flavor = useNetBox ? SourceFlavor.NetBox : SourceFlavor.Nautobot;
        var section = useNetBox ? SourceOptions.NetBoxSection : SourceOptions.NautobotSection;
        services.AddOptions<SourceOptions>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<InventorySourceOptions>()
            .BindConfiguration(InventorySourceOptions.SectionName)
            .PostConfigure(o => o.SnapshotPath ??= DefaultSnapshotPath(configuration, defaultDatabasePath))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Redirects are followed by the source itself, on the same site only, so the token never travels elsewhere.
        services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<IInventorySource>(sp => new DeviceListSource(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<SourceOptions>>().Value,
            flavor,
            sp.GetRequiredService<ILogger<DeviceListSource>>(),
            sp.GetService<TimeProvider>()));
        services.AddSingleton<InventoryRefresher>();
        if (refreshInBackground)
        {
            services.AddHostedService<InventoryRefreshService>();
        }

        return services;
    }

    /// <summary>
    /// <c>inventory-snapshot.json</c> beside the SQLite file: <c>Storage:Sqlite:Path</c> when set, else
    /// <paramref name="defaultDatabasePath"/> (the per-user data directory, as for the database itself). Absolute.
    /// </summary>
    public static string DefaultSnapshotPath(IConfiguration configuration, string defaultDatabasePath)
    {
        var database = configuration["Storage:Sqlite:Path"] is { Length: > 0 } path ? path : defaultDatabasePath;
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database))!, "inventory-snapshot.json");
    }
}
