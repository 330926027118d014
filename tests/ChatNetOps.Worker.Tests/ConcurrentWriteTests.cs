namespace ChatNetOps.Worker.Tests;

using ChatNetOps.Core.Requests;
using Microsoft.Extensions.DependencyInjection;

/// <summary>An unrelated concurrent write (attaching the chat message id) must not make a lifecycle step give up.</summary>
public sealed class ConcurrentWriteTests
{
    private static LifecycleHarness Create(RequestStatus interfereOn, out Func<InterferingRequestStore> store)
    {
        InterferingRequestStore? created = null;
        store = () => created!;
        return LifecycleHarness.Create(services =>
        {
            // Decorate the registered SQLite request store.
            var real = services.Last(d => d.ServiceType == typeof(IRequestStore));
            services.Remove(real);
            services.AddSingleton<IRequestStore>(sp => created = new InterferingRequestStore(
                (IRequestStore)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!), interfereOn));
        });
    }

    [Fact]
    public async Task ClaimThatLosesToAnAttach_IsRetried_AndTheRunCompletes()
    {
        await using var h = Create(RequestStatus.Running, out var store);
        var queued = Assert.IsType<SubmitOutcome.Queued>(
            await h.Requests.SubmitAsync(LifecycleHarness.Run("alice", "verify-ospf", inputs: ("device", "dist-sw-01")), CancellationToken.None)).Request;

        var done = await h.RunNextJobAsync();

        Assert.True(store().Interfered);
        Assert.Equal(queued.Id, done.Id);
        Assert.Equal(RequestStatus.Succeeded, done.Status);
        Assert.Equal("msg-attached", done.Origin.MessageId);
    }

    [Fact]
    public async Task ApprovalThatLosesToAnAttach_IsRetried_AndApproves()
    {
        await using var h = Create(RequestStatus.Queued, out var store);
        await h.OpenIncidentAsync();
        var awaiting = Assert.IsType<SubmitOutcome.AwaitingApproval>(await h.Requests.SubmitAsync(
            LifecycleHarness.Run("bob", "clear-ospf-neighbor", inputs: [("device", "dist-sw-01"), ("neighbor", "198.51.100.2")]), CancellationToken.None));

        var outcome = await h.Requests.ApproveAsync(awaiting.Request.Id, LifecycleHarness.Person("carol"), null, LifecycleHarness.Console(), CancellationToken.None);

        Assert.True(store().Interfered);
        var approved = Assert.IsType<DecisionOutcome.Approved>(outcome).Request;
        Assert.Equal("msg-attached", approved.Origin.MessageId);
    }
}
