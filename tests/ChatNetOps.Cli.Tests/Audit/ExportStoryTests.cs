namespace ChatNetOps.Cli.Tests.Audit;

using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Issue 15 (and 17's change loop): the exported record of an incident needs no editing and never cries wolf. Real
/// sequences through the dialog and the worker (the lab devices), then <c>incident export</c> in md and json: a refusal of
/// someone's action on a request does not rewrite the request's status, a request refused because the device was locked
/// is not "missing" from the store, and a rollback that timed out is not reported as done.
/// </summary>
public sealed class ExportStoryTests
{
    [Fact]
    public async Task ARefusedCancelAndARefusedSelfApproval_LeaveTheRequestsStatus_AndTheExportAgrees()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();
        var bounce = Assert.Single((await h.SayAsync("bob", "bounce-interface device=acc-sw-01 interface=GigabitEthernet1/0/2")).Messages).RequestId!;
        await h.SayAsync("bob", $"approve {bounce}");            // refused: he asked for it himself
        await h.SayAsync("carol", $"approve {bounce}");
        Assert.Equal(RequestStatus.Succeeded, (await h.RunNextJobAsync()).Status);
        await h.SayAsync("alice", $"cancel {bounce}");           // refused: only Bob may cancel it (and it has run)
        var refusals = (await h.EventsAsync("INC-4242")).Where(e => e.Kind == AuditKind.Denied && e.RequestId == bounce).Select(e => e.Details["action"]).ToArray();
        Assert.Equal(["approve", "cancel"], refusals);

        var (mdExit, md, mdErrors) = await ExportAsync(h, "md");
        var (jsonExit, json, _) = await ExportAsync(h, "json");

        Assert.True(mdExit == 0, md + mdErrors);
        Assert.Equal(0, jsonExit);
        Assert.DoesNotContain("DISAGREES", md, StringComparison.Ordinal);
        Assert.Contains($"| {bounce} | bounce-interface | acc-sw-01 | Bob Brandt (bob) | Carol Castillo (carol) | Succeeded | 0 |", md, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        var request = Assert.Single(document.RootElement.GetProperty("requests").EnumerateArray());
        Assert.Equal(("Succeeded", true), (request.GetProperty("status").GetString(), request.GetProperty("ran").GetBoolean()));
        Assert.Empty(document.RootElement.GetProperty("discrepancies").EnumerateArray());
    }

    [Fact]
    public async Task ARequestRefusedBecauseTheDeviceWasLocked_IsShownRefused_WithItsRequester_AndNoMissingRow()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();
        var holder = Assert.Single((await h.SayAsync("bob", "bounce-interface device=acc-sw-01 interface=GigabitEthernet1/0/2")).Messages).RequestId!;
        await h.SayAsync("carol", "bounce-interface device=acc-sw-01 interface=GigabitEthernet1/0/3");
        var refusal = Assert.Single(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.LockRefused);
        var refused = refusal.RequestId!;
        Assert.Null(await h.Store.GetAsync(refused, CancellationToken.None));
        Assert.Equal(holder, refusal.Details["heldByRequest"]);

        var (mdExit, md, mdErrors) = await ExportAsync(h, "md");
        var (jsonExit, json, _) = await ExportAsync(h, "json");

        Assert.True(mdExit == 0, md + mdErrors);
        Assert.Equal(0, jsonExit);
        Assert.DoesNotContain("DISAGREES", md, StringComparison.Ordinal);
        Assert.Contains($"| {refused} | bounce-interface | acc-sw-01 | Carol Castillo (carol) | — | Denied |", md, StringComparison.Ordinal);
        Assert.Contains($"| {holder} | bounce-interface | acc-sw-01 | Bob Brandt (bob) | — | AwaitingApproval |", md, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        var request = Assert.Single(document.RootElement.GetProperty("requests").EnumerateArray(), r => r.GetProperty("id").GetString() == refused);
        Assert.Equal(("Denied", "Carol Castillo (carol)", true), (request.GetProperty("status").GetString(), request.GetProperty("requestedBy").GetString(), request.GetProperty("neverStored").GetBoolean()));
        Assert.Empty(document.RootElement.GetProperty("discrepancies").EnumerateArray());
    }

    [Fact]
    public async Task ARefusalWithoutARequest_NamesItsRunbookAfterADash_LikeEveryOtherRow()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();
        await h.SayAsync("alice", "bounce-interface device=acc-sw-01 interface=GigabitEthernet1/0/2");
        var denied = Assert.Single(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.Denied && e.RequestId is null && e.Runbook is not null);

        var (exit, md, errors) = await ExportAsync(h, "md");

        Assert.True(exit == 0, md + errors);
        Assert.Contains($"**Denied** by {denied.Actor} — {denied.Runbook}", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARollbackThatTimedOut_IsReportedAsTimedOut_NotAsRolledBack_InMdAndJson()
    {
        await using var h = LifecycleHarness.Create(FaultyPorts.Install);
        await h.OpenIncidentAsync();
        var change = Assert.Single((await h.SayAsync("bob", "bounce-interface device=acc-sw-01 interface=GigabitEthernet1/0/1")).Messages).RequestId!;
        await h.SayAsync("carol", $"approve {change}");
        Assert.Equal(RequestStatus.Failed, (await h.RunNextJobAsync()).Status);
        var rollback = Assert.Single((await h.PressAsync("bob", "rollback", new JsonObject { ["requestId"] = change })).Messages).RequestId!;
        await h.SayAsync("carol", $"approve {rollback}");
        var undone = await h.RunNextJobAsync();
        Assert.Equal((RequestStatus.TimedOut, change), (undone.Status, undone.RollbackOf));
        Assert.DoesNotContain(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.RolledBack);

        var (mdExit, md, mdErrors) = await ExportAsync(h, "md");
        var (jsonExit, json, _) = await ExportAsync(h, "json");

        Assert.True(mdExit == 0, md + mdErrors);
        Assert.Equal(0, jsonExit);
        Assert.Contains($"- {rollback} (enable-interface): rollback of {change} requested by Bob Brandt (bob), confirmed by Carol Castillo (carol); timed out (rc 124): {change} was not rolled back.", md, StringComparison.Ordinal);
        Assert.DoesNotContain($"{rollback} rolled back {change}", md, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        var request = Assert.Single(document.RootElement.GetProperty("requests").EnumerateArray(), r => r.GetProperty("id").GetString() == rollback);
        var about = request.GetProperty("rollback");
        Assert.Equal((change, false), (about.GetProperty("of").GetString(), about.GetProperty("rolledBack").GetBoolean()));
        Assert.Contains("timed out (rc 124)", about.GetProperty("outcome").GetString(), StringComparison.Ordinal);
        Assert.Equal(("TimedOut", 124), (request.GetProperty("status").GetString(), request.GetProperty("returnCode").GetInt32()));
    }

    private static async Task<(int Exit, string Out, string Err)> ExportAsync(LifecycleHarness h, string format)
    {
        var database = h.Services.GetRequiredService<IConfiguration>()["Storage:Sqlite:Path"]!;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(
            ["incident", "export", "INC-4242", "--format", format, "--db", database, "--inventory", ChatNetOps.Core.Inventory.InventoryPaths.Resolve("inventory")],
            stdout,
            stderr,
            CancellationToken.None);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// The lab executor with two faults of a real switch: bounce-interface fails on the device (rc 1), and the rollback's
    /// enable-interface hangs until the runbook's timeout (rc 124, as the SSH executor reports a timeout). Everything else
    /// is the lab as shipped.
    /// </summary>
    private sealed class FaultyPorts(IDeviceExecutor lab) : IDeviceExecutor
    {
        public ChatNetOps.Core.Inventory.Transport Transport => lab.Transport;

        public static void Install(IServiceCollection services)
        {
            var registration = services.Single(d => d.ServiceType == typeof(IDeviceExecutor) && d.ImplementationType?.Name == "LabExecutor");
            services.Remove(registration);
            services.AddSingleton<IDeviceExecutor>(sp => new FaultyPorts((IDeviceExecutor)ActivatorUtilities.CreateInstance(sp, registration.ImplementationType!)));
        }

        public async Task<DeviceRunResult> ExecuteAsync(DeviceCommandPlan plan, CancellationToken cancellationToken)
        {
            var result = await lab.ExecuteAsync(plan, cancellationToken);
            return plan.Runbook switch
            {
                "bounce-interface" => result with { Status = ExecutionStatus.Failed, ReturnCode = 1, RawOutput = result.RawOutput + "\n% Interface is administratively locked", Error = "the device refused the change" },
                "enable-interface" => result with { Status = ExecutionStatus.TimedOut, ReturnCode = 124, Error = "timed out after 90 s" },
                _ => result,
            };
        }
    }
}
