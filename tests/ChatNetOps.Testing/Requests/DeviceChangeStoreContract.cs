namespace ChatNetOps.Testing.Requests;

using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Time.Testing;

/// <summary>The behaviour every <see cref="IDeviceChangeStore"/> must have. Derive, and create a fresh, empty store per call.</summary>
public abstract class DeviceChangeStoreContract
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    protected abstract Task<IDeviceChangeStore> CreateStoreAsync(FakeTimeProvider time);

    public static DeviceLastChange Change(string device, string requestId, DateTimeOffset at, string result = "succeeded", string? approver = "Bob Brandt") =>
        new(device, requestId, "interface-shutdown", result, at, "Carol Castillo", approver);

    [Fact]
    public async Task Record_ThenGet_RoundTripsEveryField_AnyCase()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var change = Change("fw-edge-01", "R-0000AAAA", time.GetUtcNow());
        var unapproved = Change("acc-sw-01", "R-0000BBBB", time.GetUtcNow(), "interrupted", approver: null);

        await store.RecordAsync([change, unapproved], Ct);

        Assert.Equal([change], await store.GetAsync(["FW-EDGE-01"], Ct));
        Assert.Equal([unapproved], await store.GetAsync(["acc-sw-01"], Ct));
        Assert.Equal(2, (await store.GetAsync(["fw-edge-01", "Acc-Sw-01", "core-rtr-01", "fw-edge-01"], Ct)).Count);
        Assert.Empty(await store.GetAsync(["core-rtr-01"], Ct));
        Assert.Empty(await store.GetAsync([], Ct));
    }

    [Fact]
    public async Task NewerChange_ReplacesTheOlder_AnOlderOneNeverDoes()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var t0 = time.GetUtcNow();
        var older = Change("fw-edge-01", "R-0000AAAA", t0, "failed");
        var newer = Change("fw-edge-01", "R-0000BBBB", t0.AddMinutes(5));

        await store.RecordAsync([older], Ct);
        await store.RecordAsync([newer], Ct);
        await store.RecordAsync([older], Ct);

        Assert.Equal([newer], await store.GetAsync(["fw-edge-01"], Ct));
    }

    [Fact]
    public async Task Repeating_TheSameChange_KeepsIt()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var change = Change("fw-edge-01", "R-0000AAAA", time.GetUtcNow());

        await store.RecordAsync([change], Ct);
        await store.RecordAsync([change], Ct);

        Assert.Equal([change], await store.GetAsync(["fw-edge-01"], Ct));
    }

    [Fact]
    public async Task ConcurrentRecords_OfOneDevice_EndWithTheNewest()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var t0 = time.GetUtcNow();
        var changes = Enumerable.Range(0, 12).Select(i => Change("dist-sw-01", $"R-0000{i:D4}", t0.AddSeconds(i))).ToArray();

        await Task.WhenAll(changes.Reverse().Select(c => Task.Run(() => store.RecordAsync([c], Ct))));

        Assert.Equal([changes[^1]], await store.GetAsync(["dist-sw-01"], Ct));
    }
}
