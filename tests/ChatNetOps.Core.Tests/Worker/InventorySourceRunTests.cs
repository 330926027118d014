namespace ChatNetOps.Core.Tests.Worker;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Inventory.Sources;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

/// <summary>Requests on devices from an inventory source: the snapshot is audited, and a device the source drops is re-checked before a run.</summary>
public sealed class InventorySourceRunTests
{
    [Fact]
    public async Task ApprovedRequest_OnADeviceTheSourceThenDrops_FailsBeforeRunning_AndReleasesTheLock()
    {
        var source = new ListSource();
        await using var h = Create(source);
        var refresher = h.Services.GetRequiredService<InventoryRefresher>();
        Assert.True((await refresher.RefreshAsync(CancellationToken.None)).Succeeded);
        var awaiting = await h.AwaitApprovalAsync("nb-dist-01", "198.51.100.171");
        await h.ApproveAsync(awaiting.Id);

        source.Devices.Clear();
        await refresher.RefreshAsync(CancellationToken.None);
        var done = await h.RunNextJobAsync();

        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.StartsWith("device nb-dist-01 is no longer in the inventory (Fake no longer lists it", done.StatusReason, StringComparison.Ordinal);
        Assert.Null(await h.Locks.GetAsync("nb-dist-01", CancellationToken.None));
        var events = await h.EventsAsync(awaiting.Incident!);
        Assert.DoesNotContain(events, e => e.Kind == AuditKind.Started);
        var failed = Assert.Single(events, e => e.Kind == AuditKind.Failed);
        Assert.Equal("false", failed.Details["executed"]);
    }

    [Fact]
    public async Task RequestedAndStartedEvents_RecordTheSnapshotAndWhatTheBotBelievedAboutTheDevice()
    {
        var source = new ListSource();
        await using var h = Create(source);
        var outcome = await h.Services.GetRequiredService<InventoryRefresher>().RefreshAsync(CancellationToken.None);
        var awaiting = await h.AwaitApprovalAsync("nb-dist-01", "198.51.100.171");
        await h.ApproveAsync(awaiting.Id);
        await h.RunNextJobAsync();

        var events = await h.EventsAsync(awaiting.Incident!);
        foreach (var kind in new[] { AuditKind.Requested, AuditKind.Started })
        {
            var details = Assert.Single(events, e => e.Kind == kind).Details;
            Assert.Equal("Fake https://source.example", details["inventory.source"]);
            Assert.Equal(outcome.Status.Version, details["inventory.snapshot"]);
            Assert.Equal("Fake #7 (updated 2026-11-01T00:00:00Z) cisco_nxos 192.0.2.77:22 lab", details["inventory.device.nb-dist-01"]);
        }

        Assert.True((await new AuditVerifier(h.Audit).VerifyAsync(awaiting.Incident!, CancellationToken.None)).IsIntact);
    }

    private static LifecycleHarness Create(ListSource source) =>
        LifecycleHarness.Create(services =>
        {
            services.AddSingleton<IInventorySource>(source);
            services.AddSingleton(Options.Create(new InventorySourceOptions { SnapshotPath = Path.Combine(Path.GetTempPath(), "chatnetops-snap-" + Guid.NewGuid().ToString("N") + ".json") }));
            services.AddSingleton<InventoryRefresher>();
        });

    /// <summary>A source whose listing the test edits.</summary>
    private sealed class ListSource : IInventorySource
    {
        public List<SourceDevice> Devices { get; } =
        [
            new SourceDevice("7")
            {
                Name = "nb-dist-01",
                Platform = "cisco_nxos",
                Site = "ams1",
                Groups = ["distribution"],
                Address = "192.0.2.77",
                Transport = "lab",
                CredentialRef = "cisco-netops",
                SessionLimit = 1,
                LastUpdated = "2026-11-01T00:00:00Z",
            },
        ];

        public string Kind => "Fake";

        public string Location => "https://source.example";

        public Task<IReadOnlyList<SourceDevice>> FetchAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<SourceDevice>>([.. Devices]);
    }
}
