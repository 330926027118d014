namespace ChatNetOps.Testing.Requests;

using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Time.Testing;

/// <summary>The behaviour every <see cref="IOutputStore"/> must have.</summary>
public abstract class OutputStoreContract
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    protected abstract Task<IOutputStore> CreateStoreAsync(FakeTimeProvider time);

    [Fact]
    public async Task Save_ThenGet_ReturnsEveryDeviceOutputOfTheRequestExactly()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var fw = TestData.Output("REQ-1", "lab-fw1", "line 1\r\nline 2\t« ünïcode » 🚨\n");
        var rtr = TestData.Output("REQ-1", "lab-rtr2", new string('x', 70_000)) with { Truncated = true };
        await store.SaveAsync(fw, Ct);
        await store.SaveAsync(rtr, Ct);
        await store.SaveAsync(TestData.Output("REQ-2"), Ct);

        var outputs = await store.GetAsync("REQ-1", Ct);

        Assert.Equal(2, outputs.Count);
        Assert.Equal(fw, outputs.Single(o => o.Device == "lab-fw1"));
        Assert.Equal(rtr, outputs.Single(o => o.Device == "lab-rtr2"));
    }

    [Fact]
    public async Task Get_RequestWithoutOutput_ReturnsEmpty()
    {
        var store = await CreateStoreAsync(TestData.Clock());

        Assert.Empty(await store.GetAsync("REQ-none", Ct));
    }

    [Fact]
    public async Task Save_SameDeviceTwice_KeepsTheLatest()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        await store.SaveAsync(TestData.Output("REQ-1", "lab-fw1", "first"), Ct);
        var second = TestData.Output("REQ-1", "lab-fw1", "second");

        await store.SaveAsync(second, Ct);

        Assert.Equal(second, Assert.Single(await store.GetAsync("REQ-1", Ct)));
    }
}
