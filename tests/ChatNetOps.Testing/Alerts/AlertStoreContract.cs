namespace ChatNetOps.Testing.Alerts;

using ChatNetOps.Core.Alerts;
using Microsoft.Extensions.Time.Testing;

/// <summary>The behaviour every <see cref="IAlertStore"/> must have.</summary>
public abstract class AlertStoreContract
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    protected abstract Task<IAlertStore> CreateStoreAsync(FakeTimeProvider time);

    public static AlertNotification Notification(string id, DateTimeOffset at, AlertSource source = AlertSource.Alertmanager, string groupKey = "{}/{team=\"netops\"}:{alertname=\"InterfaceDown\"}") =>
        new(source, id, groupKey, AlertStatus.Firing,
            [
                new AlertItem("6c1e0d9a3f2b7c41", AlertStatus.Firing,
                    new Dictionary<string, string>(StringComparer.Ordinal) { ["alertname"] = "InterfaceDown", ["device"] = "ams1-fw01", ["summary"] = "<!channel> *bold*\u0007" },
                    new Dictionary<string, string>(StringComparer.Ordinal) { ["summary"] = "port3 down on ams1-fw01" },
                    at.AddMinutes(-2), null) { GeneratorUrl = "http://prometheus.example.net:9090/graph" },
            ],
            at)
        {
            Rule = "InterfaceDown",
            CommonLabels = new Dictionary<string, string>(StringComparer.Ordinal) { ["team"] = "netops" },
            ExternalUrl = "http://alertmanager.example.net:9093/",
        };

    [Fact]
    public async Task Record_New_ReturnsTrue_AndItIsPendingWithEveryField()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var notification = Notification("n-1", time.GetUtcNow());

        Assert.True(await store.RecordAsync(notification, Ct));

        var pending = Assert.Single(await store.ListPendingAsync(10, Ct));
        Assert.Equal(notification.Id, pending.Id);
        Assert.Equal(notification.GroupKey, pending.GroupKey);
        Assert.Equal(notification.ReceivedAt, pending.ReceivedAt);
        Assert.Equal(notification.ExternalUrl, pending.ExternalUrl);
        Assert.Equal("netops", pending.CommonLabels["team"]);
        var alert = Assert.Single(pending.Alerts);
        Assert.Equal("<!channel> *bold*\u0007", alert.Labels["summary"]);
        Assert.Null(alert.EndsAt);
        Assert.Equal(notification.Alerts[0].StartsAt, alert.StartsAt);
        Assert.Equal("http://prometheus.example.net:9090/graph", alert.GeneratorUrl);
    }

    [Fact]
    public async Task Record_SameSourceAndId_ReturnsFalse_AndKeepsOneRecord()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        await store.RecordAsync(Notification("n-1", time.GetUtcNow()), Ct);

        Assert.False(await store.RecordAsync(Notification("n-1", time.GetUtcNow().AddSeconds(1)), Ct));

        Assert.Single(await store.ListPendingAsync(10, Ct));
    }

    [Fact]
    public async Task Record_SameIdFromAnotherSource_IsAnotherNotification()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        await store.RecordAsync(Notification("n-1", time.GetUtcNow()), Ct);

        Assert.True(await store.RecordAsync(Notification("n-1", time.GetUtcNow(), AlertSource.Grafana), Ct));

        Assert.Equal(2, (await store.ListPendingAsync(10, Ct)).Count);
    }

    [Fact]
    public async Task Record_TwentyConcurrentCallersWithOneId_ExactlyOneGetsTrue()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => store.RecordAsync(Notification("ha-pair", time.GetUtcNow()), Ct))));

        Assert.Single(outcomes, recorded => recorded);
    }

    [Fact]
    public async Task ListPending_OldestFirst_UpToMax_AndProcessedOnesLeave()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        for (var i = 0; i < 5; i++)
        {
            await store.RecordAsync(Notification($"n-{i}", time.GetUtcNow()), Ct);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(["n-0", "n-1", "n-2"], (await store.ListPendingAsync(3, Ct)).Select(n => n.Id));

        await store.MarkProcessedAsync(AlertSource.Alertmanager, "n-0", Ct);
        await store.MarkProcessedAsync(AlertSource.Alertmanager, "n-2", Ct);

        Assert.Equal(["n-1", "n-3", "n-4"], (await store.ListPendingAsync(10, Ct)).Select(n => n.Id));
        Assert.False(await store.RecordAsync(Notification("n-0", time.GetUtcNow()), Ct));
    }
}
