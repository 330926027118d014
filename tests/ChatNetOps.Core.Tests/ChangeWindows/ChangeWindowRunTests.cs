namespace ChatNetOps.Core.Tests.ChangeWindows;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Requests;
using ChatNetOps.Core.Tests.Worker;
using ChatNetOps.Testing.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

/// <summary>A change window closed while a change runs in it: the running change finishes, a new one is refused (issue 17).</summary>
public sealed class ChangeWindowRunTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly ConversationRef Channel = LifecycleHarness.ConsoleConversation("chg-window");

    [Fact]
    public async Task WindowClosedMidRun_TheRunningChangeFinishes_ANewOneIsRefusedNamingTheWindow()
    {
        GatedAuditLog? gate = null;
        await using var h = LifecycleHarness.Create(services => services.AddSingleton<IAuditLog>(sp =>
            gate = new GatedAuditLog(new AuditTrail(sp.GetRequiredService<IAuditStore>(), sp.GetRequiredService<TimeProvider>()), AuditKind.Started)));
        await h.OpenIncidentAsync();
        var card = (await h.SayAsync("bob", "change open CHG-3001 \"Bounce access ports\" start=now end=+2h group=access", Channel)).Messages[0];
        var data = card.Card!["actions"]!.AsArray().Single(a => (string?)a!["verb"] == "acknowledgeWindow")!["data"]!.DeepClone().AsObject();
        await h.PressAsync("carol", "acknowledgeWindow", data, Channel);
        await h.SayAsync("bob", "bounce-interface device=acc-sw-01 interface=GigabitEthernet1/0/1 incident=INC-4242", Channel);
        var request = Assert.Single(await h.Store.ListByIncidentAsync("INC-4242", CancellationToken.None));
        Assert.IsType<DecisionOutcome.Approved>(await h.Decisions.ApproveAsync(request.Id, LifecycleHarness.Person("carol"), null, Channel, CancellationToken.None));
        var lease = await h.Jobs.ReceiveAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero, CancellationToken.None);

        // Claimed and running (held at its Started record) when the window is closed.
        var processing = Task.Run(() => h.Runner.ProcessAsync(lease!, CancellationToken.None));
        await gate!.Reached.WaitAsync(Timeout);
        Assert.StartsWith("CHG-3001 closed by Bob Brandt", (await h.SayAsync("bob", "change close", Channel)).Messages[0].Text, StringComparison.Ordinal);
        var refused = LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", "bounce-interface device=acc-sw-02 interface=GigabitEthernet1/0/2 incident=INC-4242", Channel)).Messages));
        gate.Release();
        await processing.WaitAsync(Timeout);

        Assert.Equal(RequestStatus.Succeeded, (await h.Store.GetAsync(request.Id, CancellationToken.None))!.Status);
        Assert.Contains(nameof(DenialReason.ChangeWindowClosed), refused, StringComparison.Ordinal);
        Assert.Contains("CHG-3001 (2026-11-23 09:00Z–11:00Z) was closed by Bob Brandt", refused, StringComparison.Ordinal);
        Assert.Null(await h.Locks.GetAsync("acc-sw-02", CancellationToken.None));
    }
}
