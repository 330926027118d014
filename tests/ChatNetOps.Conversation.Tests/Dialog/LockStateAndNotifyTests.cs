namespace ChatNetOps.Conversation.Tests.Dialog;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Issues 16/17: the device lock says what it is held for ("awaiting approval by …" until approved, "running" only while it
/// runs), <c>locks</c> shows which, and a refused requester can ask to be told once when the lock is released — all
/// through the dialog layer, on the SQLite stores.
/// </summary>
public sealed class LockStateAndNotifyTests
{
    private const string Clear = "clear-ospf-neighbor device=dist-sw-01 neighbor=198.51.100.167";
    private const string Bounce = "bounce-interface device=dist-sw-01 interface=Ethernet1/1";
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Locks_SaysAwaitingApprovalByWhom_ThenQueued_AndRunningOnlyWhileItRuns()
    {
        await using var h = LifecycleHarness.Create(settings: new Dictionary<string, string?> { ["Lab:Latency"] = "00:00:10" });
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        var asked = await h.SayAsync("bob", Clear);
        var id = Assert.Single(asked.Messages).RequestId!;
        await h.PostAsync(asked);
        await RunWhileAdvancingAsync(h, h.RunNextJobAsync());
        await h.DrainResultsAsync();

        var pending = await LocksTextAsync(h);
        Assert.Contains("dist-sw-01: awaiting approval by ", pending, StringComparison.Ordinal);
        Assert.Contains("Carol Castillo", pending, StringComparison.Ordinal);
        Assert.DoesNotContain("running", pending, StringComparison.Ordinal);
        Assert.Equal(LockState.AwaitingApproval, (await h.Locks.GetAsync("dist-sw-01", CancellationToken.None))!.State);

        await h.SayAsync("carol", $"approve {id}");
        var queued = await LocksTextAsync(h);
        Assert.Contains("dist-sw-01: approved, queued to run", queued, StringComparison.Ordinal);
        Assert.DoesNotContain("awaiting approval", queued, StringComparison.Ordinal);

        var run = h.RunNextJobAsync();
        using (var deadline = new CancellationTokenSource(Guard))
        {
            while ((await h.Locks.GetAsync("dist-sw-01", CancellationToken.None))?.State != LockState.Running)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), deadline.Token);
            }
        }

        Assert.Contains("dist-sw-01: running", await LocksTextAsync(h), StringComparison.Ordinal);
        Assert.True((await RunWhileAdvancingAsync(h, run)).Status.IsTerminal());
        Assert.Equal("No device is locked.", (await h.SayAsync("alice", "locks")).Messages[0].Text);
    }

    [Fact]
    public async Task LockRefusal_OffersNotifyMe_AndEachWatcherIsToldOnce_WhenTheLockIsReleased()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        var id = await h.SayAndPreCheckAsync("bob", Clear);
        var posted = h.Console.Posts.Count; // the request's card and its approval card
        var refusal = Assert.Single((await h.SayAsync("carol", Bounce)).Messages);
        Assert.Equal(CardNames.DeviceLocked, refusal.CardName);
        Assert.Contains($"'notify {id}'", refusal.Text, StringComparison.Ordinal);
        var button = Assert.Single(refusal.Card!["actions"]!.AsArray(), a => (string?)a!["verb"] == "notify");
        Assert.Equal(id, (string?)button!["data"]!["requestId"]);

        var watching = Assert.Single((await h.PressAsync("carol", "notify", new JsonObject { ["requestId"] = id })).Messages);
        var again = Assert.Single((await h.PressAsync("carol", "notify", new JsonObject { ["requestId"] = id })).Messages);
        var typed = Assert.Single((await h.SayAsync("dave", "notify dist-sw-01")).Messages);

        Assert.True(watching.Ephemeral);
        Assert.StartsWith("You will be told here once dist-sw-01 is released", watching.Text, StringComparison.Ordinal);
        Assert.Contains("awaiting approval by", watching.Text, StringComparison.Ordinal);
        Assert.StartsWith("You are already waiting on dist-sw-01", again.Text, StringComparison.Ordinal);
        Assert.StartsWith("You will be told here once dist-sw-01 is released", typed.Text, StringComparison.Ordinal);
        Assert.Equal(posted, h.Console.Posts.Count);

        await h.SayAsync("bob", $"cancel {id}");
        await h.DrainResultsAsync();
        await h.DrainResultsAsync();

        var told = h.Console.Posts.Select(p => p.Message.Text).Where(t => t.Contains("is free", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, told.Length);
        Assert.Contains($"Carol Castillo: dist-sw-01 is free — {id} (clear-ospf-neighbor) released it: it was cancelled.", told);
        Assert.Contains($"Dave Dietrich: dist-sw-01 is free — {id} (clear-ospf-neighbor) released it: it was cancelled.", told);

        // Asking and being told are usage: in the day's trail, not in the incident's timeline.
        var day = await h.DayEventsAsync();
        Assert.Equal(["carol", "dave"], day.Where(e => e.Kind == AuditKind.LockWatchRequested).Select(e => e.Actor.MemberId).Order());
        Assert.Equal(2, day.Count(e => e.Kind == AuditKind.LockWatchNotified));
        Assert.DoesNotContain(await h.EventsAsync("INC-4242"), e => e.Kind is AuditKind.LockWatchRequested or AuditKind.LockWatchNotified);
    }

    [Fact]
    public async Task Watcher_IsTold_WhenTheHoldingRequestExpires_AndTheLockIsTakenAgainLater()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        var id = await h.SayAndPreCheckAsync("bob", Clear);
        await h.SayAsync("carol", $"notify {id}");

        h.Time.Advance(TimeSpan.FromMinutes(31));
        await h.Services.GetRequiredService<RequestSweeper>().SweepAsync(CancellationToken.None);
        await h.DrainResultsAsync();

        var told = Assert.Single(h.Console.Posts, p => p.Message.Text.StartsWith("Carol Castillo:", StringComparison.Ordinal));
        Assert.Equal($"Carol Castillo: dist-sw-01 is free — {id} (clear-ospf-neighbor) released it: it has expired.", told.Message.Text);
        Assert.Empty(await h.Services.GetRequiredService<ILockWatchStore>().ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Notify_OnAFreeDevice_OrAnUnknownName_SaysSo_AndStoresNothing()
    {
        await using var h = LifecycleHarness.Create();

        var free = Assert.Single((await h.SayAsync("carol", "notify dist-sw-01")).Messages);
        var unknown = Assert.Single((await h.SayAsync("carol", "notify R-NOSUCH1")).Messages);
        var bare = Assert.Single((await h.SayAsync("carol", "notify")).Messages);

        Assert.Equal("dist-sw-01 is not locked now; you can go ahead.", free.Text);
        Assert.Equal("There is no device or request 'R-NOSUCH1'; 'locks' lists what is locked.", unknown.Text);
        Assert.Contains("notify needs one request id or device", LifecycleHarness.Render(bare), StringComparison.Ordinal);
        Assert.Empty(await h.Services.GetRequiredService<ILockWatchStore>().ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task OwnPendingRequest_TheRefusalSaysItIsYours()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        var id = await h.SayAndPreCheckAsync("bob", Clear);

        var refusal = Assert.Single((await h.SayAsync("bob", Bounce)).Messages);

        Assert.StartsWith($"dist-sw-01 is locked by your own request {id} (clear-ospf-neighbor); it is waiting for approval by ", refusal.Text, StringComparison.Ordinal);
    }

    /// <summary>Moves the clock on (the lab's latency is awaited on it) until <paramref name="run"/> has finished.</summary>
    private static async Task<RunRequest> RunWhileAdvancingAsync(LifecycleHarness h, Task<RunRequest> run)
    {
        using var deadline = new CancellationTokenSource(Guard);
        while (!run.IsCompleted)
        {
            h.Time.Advance(TimeSpan.FromSeconds(10));
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromMilliseconds(10), deadline.Token));
        }

        return await run;
    }

    private static async Task<string> LocksTextAsync(LifecycleHarness h) =>
        LifecycleHarness.Render(Assert.Single((await h.SayAsync("alice", "locks")).Messages));
}
