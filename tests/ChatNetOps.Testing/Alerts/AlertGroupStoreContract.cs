namespace ChatNetOps.Testing.Alerts;

using ChatNetOps.Core.Alerts;
using Microsoft.Extensions.Time.Testing;

/// <summary>The behaviour every <see cref="IAlertGroupStore"/> must have.</summary>
public abstract class AlertGroupStoreContract
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    protected abstract Task<IAlertGroupStore> CreateStoreAsync(FakeTimeProvider time);

    public static AlertGroup Group(DateTimeOffset at, string key = "{}/{team=\"netops\"}:{alertname=\"InterfaceDown\"}") =>
        new(AlertSource.Alertmanager, key, "wan-edge-interfaces", at)
        {
            IncidentId = "ALR-1234567890",
            Rule = "InterfaceDown",
            UpdatedAt = at,
            Alerts = new Dictionary<string, TrackedAlert>(StringComparer.Ordinal)
            {
                ["6c1e0d9a3f2b7c41"] = new("6c1e0d9a3f2b7c41", AlertStatus.Firing, at.AddMinutes(-1), null, new Dictionary<string, string> { ["device"] = "fw-edge-01" })
                {
                    Device = "fw-edge-01",
                    DeviceRule = "device-label",
                    Summary = "port3 down",
                },
            },
        };

    [Fact]
    public async Task Create_ThenGet_RoundTripsEveryField_WithAnETag()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var group = Group(time.GetUtcNow());

        var created = await store.TryCreateAsync(group, Ct);
        var read = await store.GetAsync(AlertSource.Alertmanager, group.GroupKey, Ct);

        Assert.NotNull(created?.ETag);
        Assert.NotNull(read);
        Assert.Equal(created!.ETag, read!.ETag);
        Assert.Equal("ALR-1234567890", read.IncidentId);
        var alert = Assert.Single(read.Alerts).Value;
        Assert.Equal("fw-edge-01", alert.Device);
        Assert.Equal("device-label", alert.DeviceRule);
        Assert.Equal(group.Alerts["6c1e0d9a3f2b7c41"].StartsAt, alert.StartsAt);
    }

    [Fact]
    public async Task Create_Existing_ReturnsNull_AndKeepsTheFirst()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        await store.TryCreateAsync(Group(time.GetUtcNow()), Ct);

        Assert.Null(await store.TryCreateAsync(Group(time.GetUtcNow()) with { IncidentId = "ALR-2" }, Ct));

        Assert.Equal("ALR-1234567890", (await store.GetAsync(AlertSource.Alertmanager, Group(time.GetUtcNow()).GroupKey, Ct))!.IncidentId);
    }

    [Fact]
    public async Task Replace_WithTheCurrentETag_Succeeds_AStaleOneFails()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var created = (await store.TryCreateAsync(Group(time.GetUtcNow()), Ct))!;

        var replaced = await store.TryReplaceAsync(created with { ResolvedAt = time.GetUtcNow() }, created.ETag!, Ct);
        var stale = await store.TryReplaceAsync(created with { IncidentId = "ALR-9" }, created.ETag!, Ct);

        Assert.NotNull(replaced);
        Assert.NotEqual(created.ETag, replaced!.ETag);
        Assert.Null(stale);
        Assert.Equal(time.GetUtcNow(), (await store.GetAsync(AlertSource.Alertmanager, created.GroupKey, Ct))!.ResolvedAt);
    }

    [Fact]
    public async Task SameGroupKey_FromAnotherSource_IsAnotherGroup()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        await store.TryCreateAsync(Group(time.GetUtcNow()), Ct);

        Assert.Null(await store.GetAsync(AlertSource.Grafana, Group(time.GetUtcNow()).GroupKey, Ct));
        Assert.NotNull(await store.TryCreateAsync(Group(time.GetUtcNow()) with { Source = AlertSource.Grafana }, Ct));
    }

    [Fact]
    public async Task TwentyConcurrentReplacesOfOneVersion_ExactlyOneWins()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var created = (await store.TryCreateAsync(Group(time.GetUtcNow()), Ct))!;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => store.TryReplaceAsync(created with { Rule = $"r{i}" }, created.ETag!, Ct))));

        Assert.Single(outcomes, o => o is not null);
    }
}
