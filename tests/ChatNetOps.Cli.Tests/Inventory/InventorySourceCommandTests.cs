namespace ChatNetOps.Cli.Tests.Inventory;

using ChatNetOps.Cli;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Testing.Inventory;

/// <summary><c>devices</c>, <c>inventory refresh</c> and <c>lint</c> with a NetBox source (the stand-in on 127.0.0.1).</summary>
public sealed class InventorySourceCommandTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatnetops-cli-source-" + Guid.NewGuid().ToString("N"));
    private NetBoxStandIn _standIn = null!;

    private string Config => Path.Combine(_directory, "appsettings.json");

    private string Snapshot => Path.Combine(_directory, "inventory-snapshot.json");

    private static string Inventory => InventoryPaths.Resolve("inventory");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _standIn = await NetBoxStandIn.StartAsync();
        _standIn.Add("nb-sw-01");
        File.WriteAllText(Config, $$"""
            { "Inventory": { "Source": { "NetBox": { "Url": "{{_standIn.Url}}", "Token": "{{NetBoxStandIn.V2Token}}", "DefaultCredentialRef": "netops", "DefaultTransport": "lab" } } } }
            """);
    }

    public async Task DisposeAsync()
    {
        await _standIn.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Devices_ShowsEachDevicesSource()
    {
        var (code, stdout, _) = await RunAsync("devices", "--inventory", Inventory, "--config", Config, "--snapshot", Snapshot);

        Assert.Equal(0, code);
        var lines = stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Matches(@"^NAME +PLATFORM +ADDRESS +SITE +GROUPS +VIA +SOURCE$", lines[0]);
        Assert.Matches(@"^nb-sw-01 +cisco_ios +192\.0\.2\.1:22 +ams1 +access-switch +- +NetBox #1$", Assert.Single(lines, l => l.StartsWith("nb-sw-01", StringComparison.Ordinal)));
        Assert.Matches(@"^fw-edge-01 .* devices\.yaml:\d+$", Assert.Single(lines, l => l.StartsWith("fw-edge-01", StringComparison.Ordinal)));
        Assert.Contains($"NetBox {_standIn.Url}: 1 devices, snapshot of ", stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Snapshot));
    }

    [Fact]
    public async Task InventoryRefresh_WritesTheSnapshot_WhichServesWhileTheSourceIsDown()
    {
        var (code, stdout, _) = await RunAsync("inventory", "refresh", "--inventory", Inventory, "--config", Config, "--snapshot", Snapshot);

        Assert.Equal(0, code);
        Assert.Contains($"snapshot written to {Snapshot}", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Snapshot));

        _standIn.DropAtPage = 1;
        var (offlineCode, offline, _) = await RunAsync("devices", "--inventory", Inventory, "--config", Config, "--snapshot", Snapshot);

        Assert.Equal(0, offlineCode);
        Assert.Contains(offline.Split('\n'), l => l.StartsWith("nb-sw-01", StringComparison.Ordinal) && l.TrimEnd().EndsWith("NetBox #1", StringComparison.Ordinal));
        Assert.Contains($"NetBox {_standIn.Url}: stale, serving snapshot of", offline, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InventoryRefresh_SourceUnreachable_ExitsOneAndWritesNothing()
    {
        _standIn.DropAtPage = 1;

        var (code, _, stderr) = await RunAsync("inventory", "refresh", "--inventory", Inventory, "--config", Config, "--snapshot", Snapshot);

        Assert.Equal(1, code);
        Assert.StartsWith($"NetBox {_standIn.Url}: ", stderr, StringComparison.Ordinal);
        Assert.Contains("no snapshot was written", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Snapshot));
    }

    [Fact]
    public async Task InventoryRefresh_WithoutASource_IsAUsageError()
    {
        var (code, _, stderr) = await RunAsync("inventory", "refresh", "--inventory", Inventory, "--snapshot", Snapshot);

        Assert.Equal(2, code);
        Assert.Contains("no inventory source is configured", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_WithASource_ReportsItsDevicesProblemsAndConflicts_AndCountsDevicesBySource()
    {
        _standIn.Add("acc-sw-01", address: "198.51.100.250/24");
        _standIn.Add("nb-broken").Platform = null;

        var (code, stdout, _) = await RunAsync("lint", "--inventory", Inventory, "--config", Config);

        Assert.Equal(1, code);
        Assert.Matches(@"devices\.yaml:\d+: device 'acc-sw-01' overrides NetBox device #2, which differs in address \(198\.51\.100\.250 there\), credential_ref \(netops there\); the devices\.yaml entry is used \(warning\)", stdout);
        Assert.Contains($"NetBox {_standIn.Url}: device #3 'nb-broken': device 'nb-broken' is missing required key 'platform'", stdout, StringComparison.Ordinal);
        Assert.Contains("inventory has 2 problem(s) (1 error(s))", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_WithAHealthySource_CountsDevicesBySource()
    {
        var (code, stdout, _) = await RunAsync("lint", "--inventory", Inventory, "--config", Config);

        Assert.Equal(0, code);
        Assert.Contains($"devices: 9 from devices.yaml, 1 from NetBox {_standIn.Url}", stdout, StringComparison.Ordinal);
        Assert.Contains("inventory OK: 10 devices", stdout, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
