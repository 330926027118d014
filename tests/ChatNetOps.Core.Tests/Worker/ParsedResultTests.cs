namespace ChatNetOps.Core.Tests.Worker;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Parsing;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;

/// <summary>The runbook's parser runs on the worker: rows, verdict and summary travel in the stored result and the audit trail.</summary>
public sealed class ParsedResultTests
{
    [Fact]
    public async Task VpnStatus_WithATunnelDown_IsAProblemNamingTheTunnel_NotGreen()
    {
        await using var h = LifecycleHarness.Create();
        await h.Submit.SubmitAsync(LifecycleHarness.Run("alice", "vpn-status", inputs: ("device", "fw-edge-01")), CancellationToken.None);

        var done = await h.RunNextJobAsync();

        Assert.Equal(RequestStatus.Succeeded, done.Status);
        var parsed = Assert.Single(done.Result!.Devices).Parsed;
        Assert.NotNull(parsed);
        Assert.True(parsed.Recognised, parsed.Reason);
        Assert.Equal(Verdict.Problem, parsed.Verdict);
        Assert.Equal("2 of 3 tunnels up — to-dc-02 0/1 selectors up", parsed.Summary);
        Assert.Equal("to-dc-02", parsed.Rows[0].Values["name"]);
        Assert.Equal(Verdict.Problem, parsed.Rows[0].Verdict);
    }

    [Fact]
    public async Task ParsedResult_IsStored_AndReadBackFromSqlite_AndAudited()
    {
        await using var h = LifecycleHarness.Create();
        await h.Submit.SubmitAsync(LifecycleHarness.Run("alice", "verify-ospf", inputs: ("device", "dist-sw-01")), CancellationToken.None);
        var done = await h.RunNextJobAsync();

        var stored = await h.Store.GetAsync(done.Id, CancellationToken.None);

        var parsed = Assert.Single(stored!.Result!.Devices).Parsed;
        Assert.NotNull(parsed);
        Assert.Equal(Verdict.Ok, parsed.Verdict);
        Assert.NotEmpty(parsed.Rows);
        Assert.All(parsed.Rows, r => Assert.Equal("FULL", r.Values["state"]));
        Assert.Equal(["neighbor_id", "state", "interface"], parsed.Show);
        Assert.Equal($"{parsed.Rows.Count}/{parsed.Rows.Count} neighbours up", parsed.Summary);
        var succeeded = Assert.Single(await h.DayEventsAsync(), e => e.RequestId == done.Id && e.Kind == AuditKind.Succeeded);
        Assert.Equal("ok", succeeded.Details["verdict"]);
        Assert.Equal(parsed.Summary, succeeded.Details["summary"]);
    }

    [Fact]
    public async Task FanOut_EveryDeviceOfTheGroup_CarriesItsOwnVerdict()
    {
        await using var h = LifecycleHarness.Create();
        await h.Submit.SubmitAsync(LifecycleHarness.Run("alice", "ospf-fleet-check", inputs: ("group", "edge-firewalls")), CancellationToken.None);

        var done = await h.RunNextJobAsync();

        Assert.Equal(2, done.Result!.Devices.Count);
        Assert.All(done.Result.Devices, d =>
        {
            Assert.NotNull(d.Parsed);
            Assert.True(d.Parsed.Recognised, d.Parsed.Reason);
        });
    }
}
