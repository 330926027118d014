namespace ChatNetOps.Inventory.NetBox.Tests;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Inventory.Loading;
using ChatNetOps.Core.Inventory.Sources;
using ChatNetOps.Testing.Inventory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

/// <summary>The real source and refresher against a <see cref="NetBoxStandIn"/>, over the shipped inventory and a temporary snapshot file.</summary>
internal sealed class SourceHarness : IAsyncDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false });

    private SourceHarness(NetBoxStandIn standIn, string directory)
    {
        StandIn = standIn;
        Directory = directory;
    }

    public NetBoxStandIn StandIn { get; }

    public string Directory { get; }

    public string SnapshotPath => Path.Combine(Directory, "inventory-snapshot.json");

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public SourceOptions Options { get; } = new() { PageSize = 2, DefaultCredentialRef = "netops", DefaultTransport = "lab" };

    public static async Task<SourceHarness> StartAsync(bool nautobot = false)
    {
        var directory = Path.Combine(Path.GetTempPath(), "chatnetops-source-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var harness = new SourceHarness(await NetBoxStandIn.StartAsync(nautobot), directory);
        harness.Options.Url = harness.StandIn.Url;
        harness.Options.Token = NetBoxStandIn.V1Token;
        return harness;
    }

    public DeviceListSource Source() =>
        new(_http, Options, StandIn.Nautobot ? SourceFlavor.Nautobot : SourceFlavor.NetBox, NullLogger<DeviceListSource>.Instance, Time);

    /// <summary>A fresh catalog from the shipped inventory, kept in step with the stand-in by a refresher.</summary>
    public (InventoryCatalog Catalog, InventoryRefresher Refresher) Refresher(IInventorySource? source = null)
    {
        var catalog = InventoryLoader.LoadOrThrow(InventoryPaths.Resolve("inventory"));
        var refresher = new InventoryRefresher(
            catalog,
            source ?? Source(),
            Microsoft.Extensions.Options.Options.Create(new InventorySourceOptions { SnapshotPath = SnapshotPath }),
            Time,
            NullLogger<InventoryRefresher>.Instance);
        return (catalog, refresher);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await StandIn.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
