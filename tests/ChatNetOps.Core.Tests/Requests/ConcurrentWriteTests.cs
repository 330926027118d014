namespace ChatNetOps.Core.Tests.Requests;

using ChatNetOps.Core.Requests;
using Microsoft.Extensions.DependencyInjection;
using ChatNetOps.Testing.Lifecycle;

/// <summary>
/// Another writer's write landing between a step's read and its conditional write must not make the step give up, nor
/// be overwritten by it: <see cref="IRequestStore.UpdateAsync"/> reads again and applies the step to what is stored.
/// </summary>
public sealed class ConcurrentWriteTests
{
    private static LifecycleHarness Create(RequestStatus interfereOn, Func<RunRequest, RunRequest> write, out Func<InterferingRequestStore> store)
    {
        InterferingRequestStore? created = null;
        store = () => created!;
        return LifecycleHarness.Create(services =>
        {
            // Decorate the registered SQLite request store.
            var real = services.Last(d => d.ServiceType == typeof(IRequestStore));
            services.Remove(real);
            services.AddSingleton<IRequestStore>(sp => created = new InterferingRequestStore(
                (IRequestStore)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!), interfereOn, write));
        });
    }

    [Fact]
    public async Task ClaimThatLosesItsConditionalWrite_IsRetried_AndTheRunCompletes()
    {
        await using var h = Create(RequestStatus.Running, r => r with { StatusReason = "written by another writer" }, out var store);
        var queued = Assert.IsType<SubmitOutcome.Queued>(
            await h.Submit.SubmitAsync(LifecycleHarness.Run("alice", "verify-ospf", inputs: ("device", "dist-sw-01")), CancellationToken.None)).Request;

        var done = await h.RunNextJobAsync();

        Assert.True(store().Interfered);
        Assert.Equal(queued.Id, done.Id);
        Assert.Equal(RequestStatus.Succeeded, done.Status);
        Assert.Equal("written by another writer", done.StatusReason);
    }

    [Fact]
    public async Task ApprovalThatLosesItsConditionalWrite_IsRetried_AndApproves()
    {
        await using var h = Create(RequestStatus.Queued, r => r with { ExpiresAt = r.ExpiresAt + TimeSpan.FromMinutes(5) }, out var store);
        var awaiting = await h.AwaitApprovalAsync();

        var outcome = await h.Decisions.ApproveAsync(awaiting.Id, LifecycleHarness.Person("carol"), null, LifecycleHarness.ConsoleConversation(), CancellationToken.None);

        Assert.True(store().Interfered);
        var approved = Assert.IsType<DecisionOutcome.Approved>(outcome).Request;
        Assert.Equal(awaiting.ExpiresAt + TimeSpan.FromMinutes(5), approved.ExpiresAt);
    }
}
