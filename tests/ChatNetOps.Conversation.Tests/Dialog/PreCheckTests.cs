namespace ChatNetOps.Conversation.Tests.Dialog;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;

/// <summary>
/// Issue 17: look before asking. A change whose runbook declares <c>pre_check:</c> is first looked at by a worker (read
/// only, the device held for the requester); the approval card carries the evidence, and a failed check refuses the
/// request with it unless the check is advisory. Through the dialog on the lab devices, with the shipped
/// clear-ospf-neighbor declaring "the neighbour must be there" (advisory in a copy of the shipped inventory).
/// </summary>
public sealed class PreCheckTests
{
    [Fact]
    public async Task AMissingNeighbour_RefusesTheRequestWithTheEvidence_AndFreesTheDevice()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();

        var asked = await h.SayAsync("bob", "clear-ospf-neighbor device=dist-sw-01 neighbor=198.51.100.2");
        var id = Assert.Single(asked.Messages).RequestId!;
        Assert.Contains("Pre-check verify-ospf is looking at dist-sw-01 first", LifecycleHarness.Render(asked.Messages[0]), StringComparison.Ordinal);
        await h.PostAsync(asked);
        Assert.Equal(RequestStatus.Requested, (await h.Store.GetAsync(id, CancellationToken.None))!.Status);
        Assert.NotNull(await h.Locks.GetAsync("dist-sw-01", CancellationToken.None));

        // Nobody can approve what has not been looked at yet.
        Assert.Single((await h.SayAsync("carol", $"approve {id}")).Messages);
        Assert.Equal((RequestStatus.Requested, null), ((await h.Store.GetAsync(id, CancellationToken.None))!.Status, (await h.Store.GetAsync(id, CancellationToken.None))!.Decision));

        var refused = await h.RunNextJobAsync();
        Assert.Equal(RequestStatus.Denied, refused.Status);
        Assert.False(refused.PreCheck!.Passed);
        Assert.Contains("neighbour is there: no row where neighbor_id == input_neighbor or address == input_neighbor", refused.StatusReason, StringComparison.Ordinal);
        Assert.Null(await h.Locks.GetAsync("dist-sw-01", CancellationToken.None));
        Assert.False(await h.HasJobAsync());

        await h.DrainResultsAsync();
        var card = LifecycleHarness.Render(h.Console.Posts.Last(p => p.Message.RequestId == id).Message);
        Assert.Contains("Refused: the pre-check failed", card, StringComparison.Ordinal);
        Assert.Contains("198.51.100", card, StringComparison.Ordinal);

        var events = await h.EventsAsync("INC-4242");
        var check = Assert.Single(events, e => e.Kind == AuditKind.PreChecked && e.RequestId == id);
        Assert.Equal(("false", 64), (check.Details["passed"], check.Details["outputSha256"].Length));
        Assert.Equal("PreCheckFailed", Assert.Single(events, e => e.Kind == AuditKind.Denied && e.RequestId == id).Details["reason"]);
        Assert.DoesNotContain(events, e => e.Kind == AuditKind.ApprovalRequested && e.RequestId == id);
    }

    [Fact]
    public async Task AnAdvisoryPreCheck_ThatFails_StillAsksForApproval_ShowingTheFailure()
    {
        using var inventory = WithAdvisoryPreCheck();
        await using var h = LifecycleHarness.Create(settings: new Dictionary<string, string?> { ["Inventory:Path"] = inventory.Path });
        await h.OpenIncidentAsync();

        var asked = await h.SayAsync("bob", "clear-ospf-neighbor device=dist-sw-01 neighbor=198.51.100.2");
        var id = Assert.Single(asked.Messages).RequestId!;
        await h.PostAsync(asked);
        var waiting = await h.RunNextJobAsync();

        Assert.Equal(RequestStatus.AwaitingApproval, waiting.Status);
        Assert.True(waiting.PreCheck is { Passed: false, Advisory: true });
        await h.DrainResultsAsync();
        var approval = h.Console.Posts.Last(p => p.Message.RequestId == id).Message;
        Assert.Equal("approval-request", approval.CardName);
        Assert.Contains("verify-ospf on dist-sw-01: failed (advisory)", LifecycleHarness.Render(approval), StringComparison.Ordinal);
        Assert.Equal("failed (advisory)", Assert.Single(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.ApprovalRequested && e.RequestId == id).Details["preCheck"]);
    }

    [Fact]
    public async Task APassingPreCheck_PutsTheNeighbourOnTheApprovalCard_AndTheChangeRunsOnceApproved()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "verify-ospf device=dist-sw-01");
        var neighbour = (await h.RunNextJobAsync()).Result!.Devices[0].Parsed!.Rows[0].Values["neighbor_id"];
        await h.OpenIncidentAsync();

        var asked = await h.SayAsync("bob", $"clear-ospf-neighbor device=dist-sw-01 neighbor={neighbour}");
        var id = Assert.Single(asked.Messages).RequestId!;
        await h.PostAsync(asked);
        var waiting = await h.RunNextJobAsync();
        Assert.Equal(RequestStatus.AwaitingApproval, waiting.Status);
        Assert.True(waiting.PreCheck!.Passed);

        await h.DrainResultsAsync();
        var approval = LifecycleHarness.Render(h.Console.Posts.Last(p => p.Message.RequestId == id).Message);
        Assert.Contains("Pre-check: ", approval, StringComparison.Ordinal);
        Assert.Contains("verify-ospf on dist-sw-01: passed", approval, StringComparison.Ordinal);
        Assert.Contains(neighbour, approval, StringComparison.Ordinal);
        Assert.Contains("FULL", approval, StringComparison.Ordinal);

        await h.SayAsync("carol", $"approve {id}");
        Assert.Equal(RequestStatus.Succeeded, (await h.RunNextJobAsync()).Status);
    }

    /// <summary>A copy of the shipped inventory where clear-ospf-neighbor's pre-check is advisory.</summary>
    private static TempInventory WithAdvisoryPreCheck()
    {
        var inventory = new TempInventory();
        var runbooks = Path.Combine(inventory.Path, "runbooks.yaml");
        var text = File.ReadAllText(runbooks);
        const string Anchor = "    pre_check:\n      runbook: verify-ospf\n      inputs: {device: \"{device}\"}\n";
        Assert.Equal(1, text.Split(Anchor).Length - 1);
        File.WriteAllText(runbooks, text.Replace(Anchor, Anchor + "      advisory: true\n", StringComparison.Ordinal));
        return inventory;
    }

    /// <summary>A copy of the shipped inventory in a temporary directory.</summary>
    private sealed class TempInventory : IDisposable
    {
        public TempInventory()
        {
            var source = InventoryPaths.Resolve("inventory");
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var target = System.IO.Path.Combine(Path, System.IO.Path.GetRelativePath(source, file));
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }

        public string Path { get; } = Directory.CreateTempSubdirectory("chatnetops-inventory-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
