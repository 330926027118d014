namespace ChatNetOps.Core.Tests.Worker;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Core.Tests.Inventory;
using ChatNetOps.Testing.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

/// <summary>A declared device question reaches the executor with the plan; the answer typed is kept in the result and the audit trail.</summary>
public sealed class DeviceAnswerResultTests
{
    [Fact]
    public async Task DeclaredAnswer_TravelsInThePlan_AndIsRecordedInResultAndAudit()
    {
        // A read-only runbook may decline a question (lint warns); the stand-in executor reports the answer typed.
        using var inventory = new TempInventory().Replace("runbooks.yaml", "        - show ip ospf neighbors\n",
            "        - command: show ip ospf neighbors\n          confirm: {expect: 'Show all\\?', answer: 'n'}\n");
        var executor = new AnsweringExecutor();
        await using var h = LifecycleHarness.Create(
            services =>
            {
                services.RemoveAll<IDeviceExecutor>();
                services.AddSingleton<IDeviceExecutor>(executor);
            },
            new Dictionary<string, string?> { ["Inventory:Path"] = inventory.Directory });
        await h.Submit.SubmitAsync(LifecycleHarness.Run("alice", "verify-ospf", inputs: ("device", "dist-sw-01")), CancellationToken.None);

        var done = await h.RunNextJobAsync();

        Assert.Equal(new CommandConfirm("Show all\\?", "n"), Assert.Single(executor.Plan!.Confirms).Value);
        var stored = await h.Store.GetAsync(done.Id, CancellationToken.None);
        var answer = Assert.Single(Assert.Single(stored!.Result!.Devices).Answers!);
        Assert.Equal(new DeviceAnswer(1, "show ip ospf neighbors", "Show all? (y/n)", "n"), answer);
        var succeeded = Assert.Single(await h.DayEventsAsync(), e => e.RequestId == done.Id && e.Kind == AuditKind.Succeeded);
        Assert.Equal("command 1 'show ip ospf neighbors': \"Show all? (y/n)\" answered 'n'", succeeded.Details["answered"]);
    }

    private sealed class AnsweringExecutor : IDeviceExecutor
    {
        public DeviceCommandPlan? Plan { get; private set; }

        public Transport Transport => Transport.Lab;

        public Task<DeviceRunResult> ExecuteAsync(DeviceCommandPlan plan, CancellationToken cancellationToken)
        {
            Plan = plan;
            var at = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
            return Task.FromResult(new DeviceRunResult(plan.Device.Name, ExecutionStatus.Succeeded, 0, "dist-sw-01# show ip ospf neighbors\nShow all? (y/n)n\n", at, at, null)
            {
                Answers = [new DeviceAnswer(1, plan.Commands[0], "Show all? (y/n)", plan.Confirms[0].Answer)],
            });
        }
    }
}
