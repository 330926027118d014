namespace ChatNetOps.Benchmarks.Inventory;

using System.Diagnostics;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Inventory.Loading;
using ChatNetOps.Core.Inventory.Sources;
using ChatNetOps.Inventory.NetBox;
using ChatNetOps.Testing.Inventory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

/// <summary>
/// Refreshing 5,000 devices from the NetBox stand-in on 127.0.0.1 (pages of 1,000): a cold refresh (every device
/// validated against devices.schema.json), an unchanged one (none validated), and one with 50 devices changed. Reports
/// wall time, bytes allocated and the managed heap after each, and the snapshot's size on disk.
/// <c>dotnet run -c Release --project tests/ChatNetOps.Benchmarks -- inventory</c>
/// </summary>
internal static class InventoryRefreshBenchmark
{
    private const int Devices = 5_000;

    public static async Task RunAsync()
    {
        await using var netbox = await NetBoxStandIn.StartAsync();
        for (var i = 0; i < Devices; i++)
        {
            var device = netbox.Add($"nb-sw-{i:D4}", address: $"10.{i / 256 % 256}.{i % 256}.1/24");
            device.Tags.Add("chatops");
            device.CustomFields["chatnetops_host_key_fingerprint"] = "SHA256:X1gLYzh5LBLPyONpwkzSfqJk0L3mOp0Odtqmf4BBCgw";
            device.CustomFields["chatnetops_credential_ref"] = "cisco-netops";
        }

        var directory = Path.Combine(Path.GetTempPath(), "chatnetops-inventory-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
            var options = new SourceOptions { Url = netbox.Url, Token = NetBoxStandIn.V2Token, PageSize = 1000, DefaultCredentialRef = "netops" };
            var source = new DeviceListSource(http, options, SourceFlavor.NetBox, NullLogger<DeviceListSource>.Instance);
            var catalog = InventoryLoader.LoadOrThrow(InventoryPaths.Resolve("inventory"));
            var snapshot = Path.Combine(directory, "inventory-snapshot.json");
            using var refresher = new InventoryRefresher(catalog, source, Options.Create(new InventorySourceOptions { SnapshotPath = snapshot }), TimeProvider.System, NullLogger<InventoryRefresher>.Instance);

            Console.WriteLine($"inventory refresh: {Devices} devices from the NetBox stand-in on 127.0.0.1, pages of {options.PageSize}; {Environment.ProcessorCount} cores");
            Console.WriteLine($"{"refresh",-28} {"wall ms",8} {"validated",9} {"alloc MB",9} {"heap MB",8} {"requests",8}");
            await MeasureAsync("cold (all validated)", refresher, netbox);
            await MeasureAsync("unchanged", refresher, netbox);
            for (var i = 0; i < 50; i++)
            {
                netbox.Devices[i * 100].Address = $"172.16.{i}.1/24";
            }

            await MeasureAsync("50 devices changed", refresher, netbox);
            for (var run = 0; run < 3; run++)
            {
                await MeasureAsync($"unchanged, run {run + 2}", refresher, netbox);
            }

            Console.WriteLine($"catalog: {catalog.Devices.Count} devices ({catalog.Source!.Findings.Count} findings); snapshot on disk {new FileInfo(snapshot).Length / 1024.0 / 1024.0:0.0} MB");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task MeasureAsync(string name, InventoryRefresher refresher, NetBoxStandIn netbox)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var requests = netbox.Requests.Count;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var outcome = await refresher.RefreshAsync(CancellationToken.None);
        clock.Stop();
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        GC.Collect();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException(outcome.Error);
        }

        Console.WriteLine($"{name,-28} {clock.Elapsed.TotalMilliseconds,8:0} {refresher.LastValidated,9} {bytes / 1024.0 / 1024.0,9:0.0} {heap / 1024.0 / 1024.0,8:0.0} {netbox.Requests.Count - requests,8}");
    }
}
