namespace ChatNetOps.Core.Tests.Worker;

using System.Globalization;
using System.Text.RegularExpressions;
using ChatNetOps.Core.Health;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Core.Worker;
using ChatNetOps.Testing.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ChatNetOps.Testing.Lifecycle;

/// <summary>
/// A worker whose job receives keep failing (here: the damaged-page answer of SQLite) is reported by the readiness probe
/// of the process' queue consumers until a receive works again. Before, every receive failed with an error in the log
/// and readiness said healthy, so approved work never ran and nothing said so.
/// </summary>
public sealed class ConsumerHealthTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task JobReceivesKeepFailing_ConsumersProbeNamesTheQueueAndTheError_UntilAReceiveWorks()
    {
        await using var harness = LifecycleHarness.Create();
        var queue = new FaultyJobQueue();
        var probe = Assert.Single(harness.Services.GetServices<IReadinessProbe>(), p => p.Name == "consumers");
        using var worker = new WorkerService(
            queue,
            harness.Runner,
            harness.Services.GetRequiredService<InventoryCatalog>(),
            Options.Create(new WorkerOptions { WorkerId = "test-worker", ReceiveWait = TimeSpan.FromMilliseconds(50) }),
            Options.Create(new RequestOptions()),
            harness.Services.GetRequiredService<QueueConsumerHealth>(),
            NullLogger<WorkerService>.Instance);

        await worker.StartAsync(CancellationToken.None);
        await queue.WhenReceivedAsync(QueueConsumerHealth.FailuresBeforeUnready - 1).WaitAsync(Timeout);
        var early = await probe.CheckAsync(CancellationToken.None);
        await queue.WhenReceivedAsync(QueueConsumerHealth.FailuresBeforeUnready + 1).WaitAsync(Timeout);
        var failing = await probe.CheckAsync(CancellationToken.None);
        queue.Fault = null;
        await queue.WhenReceivedAsync(queue.Receives + 2).WaitAsync(Timeout);
        var recovered = await probe.CheckAsync(CancellationToken.None);
        await worker.StopAsync(CancellationToken.None);

        Assert.Null(early);
        Assert.NotNull(failing);
        var reported = Regex.Match(
            failing,
            @"^the job queue consumer: (\d+) receives in a row failed since 2026-11-23T09:00:00Z, last: SqliteException: .*database disk image is malformed");
        Assert.True(reported.Success, failing);
        Assert.InRange(int.Parse(reported.Groups[1].Value, CultureInfo.InvariantCulture), QueueConsumerHealth.FailuresBeforeUnready, QueueConsumerHealth.FailuresBeforeUnready + 1);
        Assert.Null(recovered);
    }
}
