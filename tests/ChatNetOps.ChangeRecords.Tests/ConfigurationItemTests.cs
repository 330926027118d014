namespace ChatNetOps.ChangeRecords.Tests;

using ChatNetOps.ChangeRecords.Tests.StandIns;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Inventory.Loading;
using ChatNetOps.Testing;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// <c>cmdb_ci</c> on the ServiceNow change from the per-device <c>servicenow_ci</c> of the inventory (the real loader,
/// schema and lint over a copy of the sample inventory): a sys_id is sent as it is, a name is looked up in <c>cmdb_ci</c>
/// once; the incident's first device (in run order) with a CI decides.
/// </summary>
public sealed class ConfigurationItemTests : IAsyncLifetime
{
    private const string CoreSysId = "a9c0c8d2c0a8016401f0b1a5e8a1c1d2";
    private const string DistSysId = "0c43b2b1c0a80164002a2f9c1d5e3c11";
    private const string EdgeSysId = "5f1e9d8c7b6a50413f2e1d0c9b8a7f6e";
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cno-cmdbci-" + Guid.NewGuid().ToString("N"));
    private readonly CollectingLoggerProvider _logs = new();
    private ServiceNowStandIn _serviceNow = null!;

    private string Inventory => Path.Combine(_directory, "inventory");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Inventory);
        foreach (var file in Directory.GetFiles(InventoryPaths.Resolve("inventory"), "*.yaml"))
        {
            File.Copy(file, Path.Combine(Inventory, Path.GetFileName(file)));
        }

        Directory.CreateDirectory(Path.Combine(Inventory, "schemas"));
        foreach (var file in Directory.GetFiles(Path.Combine(InventoryPaths.Resolve("inventory"), "schemas")))
        {
            File.Copy(file, Path.Combine(Inventory, "schemas", Path.GetFileName(file)));
        }

        _serviceNow = await ServiceNowStandIn.StartAsync();
        _serviceNow.ConfigurationItems.Add((DistSysId, "ams1-dist-sw-01"));
        _serviceNow.ConfigurationItems.Add((CoreSysId, "ams1-core-rtr-01"));
    }

    public async Task DisposeAsync()
    {
        await _serviceNow.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task TheChangeCarriesTheCmdbCi_OfTheIncidentsFirstDeviceWithOne()
    {
        SetCi("core-rtr-01", CoreSysId.ToUpperInvariant());
        SetCi("dist-sw-01", "ams1-dist-sw-01");
        var catalog = InventoryLoader.LoadOrThrow(Inventory);
        Assert.Equal("ams1-dist-sw-01", catalog.FindDevice("dist-sw-01")!.ServiceNowCi);
        var time = TestData.Clock();
        await using var host = Start(time, catalog);

        // INC-4301: no device when the change is created; the first event on a device (a CI name) sets cmdb_ci, looked up once.
        await host.OpenIncidentAsync("INC-4301");
        await host.RecordAsync("INC-4301", AuditKind.Approved, "shut-interface", "dist-sw-01");
        await host.RecordAsync("INC-4301", AuditKind.Succeeded, "shut-interface", "dist-sw-01", new Dictionary<string, string> { ["rc"] = "0" });
        await host.DrainAsync();

        var first = Assert.Single(_serviceNow.Changes);
        Assert.Equal(DistSysId, first["cmdb_ci"]!.GetValue<string>());
        Assert.Single(_serviceNow.Calls, c => c.StartsWith("GET /api/now/table/cmdb_ci?sysparm_query=name%3Dams1-dist-sw-01", StringComparison.Ordinal));

        // INC-4302: a run on core-rtr-01 (a sys_id in the inventory) is recorded before the change is created.
        await host.Requests.CreateAsync(TestData.Request(id: "R-4302", incident: "INC-4302", target: "core-rtr-01", createdAt: time.GetUtcNow()), Ct);
        await host.OpenIncidentAsync("INC-4302");
        await host.DrainAsync();

        var second = _serviceNow.Changes.Single(c => c["correlation_id"]!.GetValue<string>() == "INC-4302");
        Assert.Equal(CoreSysId, second["cmdb_ci"]!.GetValue<string>());
        Assert.DoesNotContain(_serviceNow.Calls, c => c.Contains("ams1-core-rtr-01", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASeveralDeviceChange_ListsTheFurtherDevicesAsAffectedCis_OnceEach_AndNamesTheDevicesWithoutACi()
    {
        SetCi("dist-sw-01", "ams1-dist-sw-01");
        SetCi("core-rtr-01", CoreSysId);
        SetCi("fw-edge-01", EdgeSysId);
        var time = TestData.Clock();
        await using var host = Start(time, InventoryLoader.LoadOrThrow(Inventory));
        await host.Requests.CreateAsync(TestData.Request(id: "R-4310", incident: "INC-4310", target: "dist-sw-01", createdAt: time.GetUtcNow()), Ct);
        await host.Requests.CreateAsync(TestData.Request(id: "R-4311", incident: "INC-4310", target: "core-rtr-01", createdAt: time.GetUtcNow().AddSeconds(1)), Ct);
        await host.OpenIncidentAsync("INC-4310");
        await host.DrainAsync();

        // Created with dist-sw-01's CI as cmdb_ci and core-rtr-01's as an Affected CI (the primary is no task_ci row).
        var change = Assert.Single(_serviceNow.Changes);
        var sysId = change["sys_id"]!.GetValue<string>();
        Assert.Equal(DistSysId, change["cmdb_ci"]!.GetValue<string>());
        Assert.Equal([CoreSysId], AffectedOf(sysId));

        // A later device with a CI is added; one without (acc-sw-01) is named in its work note; nothing is added twice.
        await host.RecordAsync("INC-4310", AuditKind.Succeeded, "shut-interface", "fw-edge-01", new Dictionary<string, string> { ["rc"] = "0" });
        await host.RecordAsync("INC-4310", AuditKind.Succeeded, "shut-interface", "acc-sw-01", new Dictionary<string, string> { ["rc"] = "0" });
        await host.RecordAsync("INC-4310", AuditKind.Succeeded, "shut-interface", "core-rtr-01", new Dictionary<string, string> { ["rc"] = "0" });
        await host.DrainAsync();

        Assert.Equal([EdgeSysId, CoreSysId], AffectedOf(sysId));
        Assert.Equal(DistSysId, change["cmdb_ci"]!.GetValue<string>());
        var notes = _serviceNow.WorkNotes(sysId);
        Assert.Equal(3, notes.Count);
        Assert.Contains("Not in Affected CIs (no servicenow_ci in the inventory, or no single CI of that name): acc-sw-01", notes[1], StringComparison.Ordinal);
        Assert.DoesNotContain("Not in Affected CIs", notes[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Not in Affected CIs", notes[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AffectedCis_AreNotAddedTwice_WhenTheEventIsSentAgainAfterARestart()
    {
        SetCi("dist-sw-01", DistSysId);
        SetCi("core-rtr-01", CoreSysId);
        SetCi("fw-edge-01", EdgeSysId);
        var time = TestData.Clock();
        string sysId;
        await using (var first = Start(time, InventoryLoader.LoadOrThrow(Inventory)))
        {
            await first.Requests.CreateAsync(TestData.Request(id: "R-4312", incident: "INC-4311", target: "dist-sw-01", createdAt: time.GetUtcNow()), Ct);
            await first.OpenIncidentAsync("INC-4311");
            await first.RecordAsync("INC-4311", AuditKind.Succeeded, "shut-interface", "dist-sw-01", new Dictionary<string, string> { ["rc"] = "0" });
            await first.DrainAsync();
            sysId = Assert.Single(_serviceNow.Changes)["sys_id"]!.GetValue<string>();
            Assert.Empty(AffectedOf(sysId));

            // Two more devices join; the first Affected CI lands, then the answer is lost (a crash of the bot).
            await first.Requests.CreateAsync(TestData.Request(id: "R-4313", incident: "INC-4311", target: "core-rtr-01", createdAt: time.GetUtcNow().AddSeconds(1)), Ct);
            await first.Requests.CreateAsync(TestData.Request(id: "R-4314", incident: "INC-4311", target: "fw-edge-01", createdAt: time.GetUtcNow().AddSeconds(2)), Ct);
            await first.RecordAsync("INC-4311", AuditKind.Succeeded, "shut-interface", "core-rtr-01", new Dictionary<string, string> { ["rc"] = "0" });
            await first.RecordAsync("INC-4311", AuditKind.Succeeded, "shut-interface", "fw-edge-01", new Dictionary<string, string> { ["rc"] = "0" });
            _serviceNow.AfterWrite = what => what == "task_ci" ? throw new IOException("connection reset") : Task.CompletedTask;
            await first.Dispatcher.RunOnceAsync(Ct);
            _serviceNow.AfterWrite = null;
            Assert.Equal([CoreSysId], AffectedOf(sysId));
        }

        await using var second = Start(time, InventoryLoader.LoadOrThrow(Inventory));
        await second.DrainAsync();

        Assert.Equal([EdgeSysId, CoreSysId], AffectedOf(sysId));
        Assert.Equal(3, _serviceNow.WorkNotes(sysId).Count);
    }

    [Fact]
    public async Task AnUnknownCiName_LeavesCmdbCiEmpty_AndTheChangeIsStillWritten()
    {
        SetCi("dist-sw-01", "no-such-ci");
        var time = TestData.Clock();
        await using var host = Start(time, InventoryLoader.LoadOrThrow(Inventory));
        await host.OpenIncidentAsync("INC-4303");
        await host.RecordAsync("INC-4303", AuditKind.Approved, "shut-interface", "dist-sw-01");
        await host.DrainAsync();

        var change = Assert.Single(_serviceNow.Changes);
        Assert.Null(change["cmdb_ci"]);
        Assert.Single(_serviceNow.WorkNotes(change["sys_id"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("\" leading space\"")]
    [InlineData("\"a^b\"")]
    [InlineData("\"tab\\there\"")]
    public void ABadServiceNowCi_IsALintErrorNamingTheDevice(string value)
    {
        SetCi("dist-sw-01", value);

        var result = InventoryLoader.Load(Inventory);

        Assert.Null(result.Catalog);
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("servicenow_ci of", StringComparison.Ordinal) && d.Message.Contains("dist-sw-01", StringComparison.Ordinal));
    }

    private string[] AffectedOf(string change) =>
        [.. _serviceNow.AffectedCis.Where(r => r.Task == change).Select(r => r.CiItem).Order(StringComparer.Ordinal)];

    private void SetCi(string device, string value)
    {
        var path = Path.Combine(Inventory, "devices.yaml");
        var text = File.ReadAllText(path);
        var anchor = $"  - name: {device}\n";
        Assert.Contains(anchor, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(anchor, $"{anchor}    servicenow_ci: {value}\n", StringComparison.Ordinal));
    }

    private ChangeRecordsHarness Start(Microsoft.Extensions.Time.Testing.FakeTimeProvider time, InventoryCatalog catalog) => new(
        Path.Combine(_directory, "chatnetops.db"),
        time,
        new Dictionary<string, string?>
        {
            ["ChangeRecords:Sink"] = "ServiceNow",
            ["ChangeRecords:ServiceNow:InstanceUrl"] = _serviceNow.BaseAddress.ToString(),
            ["ChangeRecords:ServiceNow:Username"] = ServiceNowStandIn.User,
            ["ChangeRecords:ServiceNow:Password"] = ServiceNowStandIn.Password,
        },
        _logs,
        services => services.AddSingleton(catalog));
}
