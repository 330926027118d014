namespace ChatNetOps.Inventory.NetBox.Tests;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Inventory.Loading;
using ChatNetOps.Core.Inventory.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

/// <summary>
/// Where the source's snapshot lives when <c>Inventory:Source:SnapshotPath</c> is not set: beside the SQLite file, which
/// is <c>Storage:Sqlite:Path</c> when set and otherwise the caller's default database (the per-user one), never a
/// <c>data/</c> folder under the current directory.
/// </summary>
public sealed class SnapshotPathTests
{
    private static readonly string DefaultDatabase = Path.Combine(Path.GetTempPath(), "chatnetops-user-data", "chatnetops.db");

    [Fact]
    public void WithoutAStoragePath_TheSnapshotIsBesideTheDefaultDatabase()
    {
        var snapshot = SnapshotPath(new() { ["Inventory:Source:NetBox:Url"] = "https://netbox.example.com", ["Inventory:Source:NetBox:Token"] = "t" });

        Assert.Equal(Path.Combine(Path.GetTempPath(), "chatnetops-user-data", "inventory-snapshot.json"), snapshot);
    }

    [Fact]
    public void WithAStoragePath_TheSnapshotIsBesideThatFile_AndASetSnapshotPathWins()
    {
        var configured = new Dictionary<string, string?>
        {
            ["Inventory:Source:Nautobot:Url"] = "https://nautobot.example.com",
            ["Inventory:Source:Nautobot:Token"] = "t",
            ["Storage:Sqlite:Path"] = Path.Combine(Path.GetTempPath(), "srv-chatnetops", "bot.db"),
        };

        Assert.Equal(Path.Combine(Path.GetTempPath(), "srv-chatnetops", "inventory-snapshot.json"), SnapshotPath(configured));
        configured["Inventory:Source:SnapshotPath"] = "/var/lib/chatnetops/snap.json";
        Assert.Equal("/var/lib/chatnetops/snap.json", SnapshotPath(configured));
    }

    [Fact]
    public void ARefresherWithoutASnapshotPath_IsRefused_RatherThanWritingUnderTheCurrentDirectory()
    {
        var catalog = InventoryLoader.LoadOrThrow(InventoryPaths.Resolve("inventory"));
        using var http = new HttpClient(new SocketsHttpHandler());
        var source = new DeviceListSource(http, new SourceOptions { Url = "https://netbox.example.com", Token = "t" }, SourceFlavor.NetBox, NullLogger<DeviceListSource>.Instance, TimeProvider.System);

        var refused = Assert.Throws<InvalidOperationException>(() => new InventoryRefresher(
            catalog, source, Options.Create(new InventorySourceOptions()), TimeProvider.System, NullLogger<InventoryRefresher>.Instance));

        Assert.Contains("Inventory:Source:SnapshotPath is not set", refused.Message, StringComparison.Ordinal);
    }

    private static string? SnapshotPath(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddChatNetOpsInventorySource(configuration, DefaultDatabase, refreshInBackground: false);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<InventorySourceOptions>>().Value.SnapshotPath;
    }
}
