namespace ChatNetOps.Core.Tests.Worker;

using ChatNetOps.Core.Requests;
using ChatNetOps.Core.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ChatNetOps.Testing.Lifecycle;

/// <summary>The worker host's consumer: how long the queue keeps a job's lock.</summary>
public sealed class WorkerServiceTests
{
    [Fact]
    public async Task MaxLockRenewal_OutlastsTheLongestRunbookWaitingForASessionAndRunning_PlusTheRunLease()
    {
        await using var h = LifecycleHarness.Create(services => services.AddSingleton<WorkerService>());
        var longest = h.Catalog.Runbooks.Max(r => r.Timeout);
        var lease = h.Services.GetRequiredService<IOptions<RequestOptions>>().Value.RunLease;

        var renewal = h.Services.GetRequiredService<WorkerService>().MaxLockRenewal;

        Assert.True(renewal >= longest + longest + lease, $"{renewal} < 2 × {longest} + {lease}");
        Assert.True(renewal >= TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task MaxLockRenewal_WithShortRunbooks_IsFiveMinutes()
    {
        await using var h = LifecycleHarness.Create(services => services.AddSingleton<WorkerService>(), new Dictionary<string, string?> { ["Requests:RunLease"] = "00:00:10" });
        Assert.Equal(TimeSpan.FromMinutes(2), h.Catalog.Runbooks.Max(r => r.Timeout));

        // 2 × 2 min + 10 s is less than the floor.
        Assert.Equal(TimeSpan.FromMinutes(5), h.Services.GetRequiredService<WorkerService>().MaxLockRenewal);
    }
}
