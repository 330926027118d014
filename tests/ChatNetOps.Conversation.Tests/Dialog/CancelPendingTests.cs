namespace ChatNetOps.Conversation.Tests.Dialog;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Checks;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Queues;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Issue 17: the requester withdraws a change in every pending state — while its pre-check is still looking at the device
/// (Requested), while it waits for approval, and once queued — typed (<c>cancel R-…</c>) or with the card's button. The
/// device lock is released, the cancel is in the audit chain before the chat is told, and a pre-check that finishes after
/// the cancel is recorded but not acted on. Through the dialog on the lab devices, with bounce-interface declaring a
/// pre-check (interface-counters on the same interface).
/// </summary>
public sealed class CancelPendingTests
{
    private const string Bounce = "bounce-interface device=acc-sw-01 interface=GigabitEthernet1/0/1";

    [Fact]
    public async Task TypedCancel_WhileThePreCheckIsPending_CancelsReleasesTheLockAndIsRecordedBeforeTheChatIsTold()
    {
        var audit = new OrderWatchingAudit();
        await using var h = LifecycleHarness.Create(services =>
        {
            BounceWithPreCheck(services);
            audit.Install(services);
        });
        await h.OpenIncidentAsync();
        var asked = await h.SayAsync("bob", Bounce);
        var id = Assert.Single(asked.Messages).RequestId!;
        var card = await h.PostAsync(asked);
        Assert.Equal(RequestStatus.Requested, (await h.Store.GetAsync(id, CancellationToken.None))!.Status);
        Assert.NotNull(await h.Locks.GetAsync("acc-sw-01", CancellationToken.None));

        // The pre-checking card offers the requester a way out.
        Assert.Contains("cancel", Verbs(Assert.Single(asked.Messages)));

        // Only the requester cancels.
        var carol = Assert.Single((await h.SayAsync("carol", $"cancel {id}")).Messages);
        Assert.Contains(nameof(DenialReason.NotRequester), LifecycleHarness.Render(carol), StringComparison.Ordinal);

        var answer = await h.SayAsync("bob", $"cancel {id}");

        var updated = Assert.Single(answer.Messages, m => m.ReplaceMessageId is not null);
        Assert.Equal(card, updated.ReplaceMessageId);
        Assert.Contains("Cancelled", LifecycleHarness.Render(updated), StringComparison.Ordinal);
        Assert.Empty(Verbs(updated));
        Assert.Contains(answer.Messages, m => m.Text == $"Bob Brandt cancelled {id}. Nothing was run.");
        var cancelled = await h.Store.GetAsync(id, CancellationToken.None);
        Assert.Equal(RequestStatus.Cancelled, cancelled!.Status);
        Assert.Null(await h.Locks.GetAsync("acc-sw-01", CancellationToken.None));

        var events = await h.EventsAsync("INC-4242");
        var recorded = Assert.Single(events, e => e.Kind == AuditKind.Cancelled && e.RequestId == id);
        Assert.Equal(nameof(RequestStatus.Requested), recorded.Details["previousStatus"]);
        Assert.Equal("bob", recorded.Actor.MemberId);
        Assert.Contains(events, e => e.Kind == AuditKind.LockReleased && e.RequestId == id);

        // The chat was told (the result queue) only after the chain held the cancel.
        Assert.True(audit.CancelledBeforeAnnounced(id), "the cancel was announced before it was in the audit chain");

        // The pre-check job, picked up late, finds nothing to look at: no check, no approval asked, the device stays free.
        var after = await h.RunNextJobAsync();
        Assert.Equal(RequestStatus.Cancelled, after.Status);
        var chain = await h.EventsAsync("INC-4242");
        Assert.DoesNotContain(chain, e => e.RequestId == id && e.Kind is AuditKind.PreChecked or AuditKind.ApprovalRequested);
        Assert.Null(await h.Locks.GetAsync("acc-sw-01", CancellationToken.None));
        Assert.False(await h.HasJobAsync());
        Assert.True((await new AuditVerifier(h.Audit).VerifyAsync("INC-4242", CancellationToken.None)).IsIntact);
    }

    [Fact]
    public async Task ThePreCheckFinishingAfterTheCancel_IsRecordedAsIgnored_AndNeverAsksForApproval()
    {
        var hook = new PreCheckHook();
        await using var h = LifecycleHarness.Create(services =>
        {
            BounceWithPreCheck(services);
            hook.Install(services);
        });
        await h.OpenIncidentAsync();
        var asked = await h.SayAsync("bob", Bounce);
        var id = Assert.Single(asked.Messages).RequestId!;
        var card = await h.PostAsync(asked);

        // Bob presses the card's Cancel while the worker's pre-check is on the device.
        DialogResult? pressed = null;
        hook.WhileLooking = async () => pressed = await h.PressAsync("bob", "cancel", new JsonObject { ["requestId"] = id }, replyTo: card);
        var after = await h.RunNextJobAsync();

        Assert.NotNull(pressed);
        Assert.Equal(card, Assert.Single(pressed.Messages, m => m.ReplaceMessageId is not null).ReplaceMessageId);
        Assert.Equal(RequestStatus.Cancelled, after.Status);
        Assert.Null(after.PreCheck);
        Assert.Null(await h.Locks.GetAsync("acc-sw-01", CancellationToken.None));
        Assert.False(await h.HasJobAsync());

        var chain = await h.EventsAsync("INC-4242");
        var cancelled = chain.FindIndex(e => e.Kind == AuditKind.Cancelled && e.RequestId == id);
        var check = chain.FindIndex(e => e.Kind == AuditKind.PreChecked && e.RequestId == id);
        Assert.True(cancelled >= 0 && check > cancelled, "the late pre-check is recorded after the cancel");
        Assert.Contains("was cancelled before the pre-check finished", chain[check].Details["ignored"], StringComparison.Ordinal);
        Assert.Equal(64, chain[check].Details["outputSha256"].Length);
        Assert.DoesNotContain(chain, e => e.RequestId == id && e.Kind is AuditKind.ApprovalRequested or AuditKind.Denied or AuditKind.Approved);

        // The chat hears once, of the cancel; the late result tells it nothing new.
        await h.DrainResultsAsync();
        Assert.DoesNotContain(h.Console.Posts, p => p.Message.CardName == CardNames.ApprovalRequest);
    }

    [Fact]
    public async Task CancelButton_OnTheApprovalCard_AndOnceQueued_Works_AndTheNextPressIsToldItIsNotPending()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();

        var waiting = await h.SayAsync("bob", Bounce);
        var first = Assert.Single(waiting.Messages);
        Assert.Equal(CardNames.ApprovalRequest, first.CardName);
        Assert.Contains("cancel", Verbs(first));
        var card = await h.PostAsync(waiting);
        var cancelled = await h.PressAsync("bob", "cancel", new JsonObject { ["requestId"] = first.RequestId }, replyTo: card);
        Assert.Equal(card, Assert.Single(cancelled.Messages, m => m.ReplaceMessageId is not null).ReplaceMessageId);
        Assert.Equal(RequestStatus.Cancelled, (await h.Store.GetAsync(first.RequestId!, CancellationToken.None))!.Status);
        Assert.Null(await h.Locks.GetAsync("acc-sw-01", CancellationToken.None));

        var again = Assert.Single((await h.PressAsync("bob", "cancel", new JsonObject { ["requestId"] = first.RequestId }, replyTo: card)).Messages);
        Assert.Contains("is not waiting for a decision any more", again.Text, StringComparison.Ordinal);

        // Approved and queued: still the requester's to withdraw before a worker starts it.
        var second = Assert.Single((await h.SayAsync("bob", Bounce)).Messages).RequestId!;
        await h.SayAsync("carol", $"approve {second}");
        var queued = await h.Store.GetAsync(second, CancellationToken.None);
        Assert.Equal(RequestStatus.Queued, queued!.Status);
        Assert.Contains("cancel", Verbs(h.Services.GetRequiredService<ChatNetOps.Conversation.Rendering.RequestCards>().Status(queued)));
        await h.SayAsync("bob", $"cancel {second}");
        Assert.Equal(RequestStatus.Cancelled, (await h.RunNextJobAsync()).Status);
        Assert.Null(await h.Locks.GetAsync("acc-sw-01", CancellationToken.None));
        Assert.DoesNotContain(await h.EventsAsync("INC-4242"), e => e.RequestId == second && e.Kind == AuditKind.Started);
    }

    private static List<string> Verbs(OutboundMessage message) =>
        [.. (message.Card?["actions"] as JsonArray ?? []).OfType<JsonObject>().Select(a => a["verb"]?.GetValue<string>()).OfType<string>()];

    /// <summary>bounce-interface with a real pre-check: interface-counters on the same interface, run by the worker when the change is requested.</summary>
    private static void BounceWithPreCheck(IServiceCollection services) => services.AddSingleton(_ =>
    {
        var loaded = Core.Inventory.Loading.InventoryLoader.LoadOrThrow(InventoryPaths.Resolve("inventory"));
        return new InventoryCatalog(loaded.Devices, loaded.Runbooks.Select(r => r.Name == "bounce-interface" ? r with
        {
            PreCheck = new CheckStep(new RunbookLink("interface-counters", new Dictionary<string, string> { ["device"] = "{device}", ["interface"] = "{interface}" }), false, TimeSpan.Zero, TimeSpan.Zero),
        } : r), loaded.Policy, loaded.JumpHosts);
    });

    /// <summary>The lab executor, running <see cref="WhileLooking"/> while the pre-check's runbook is on the device.</summary>
    private sealed class PreCheckHook
    {
        public Func<Task>? WhileLooking { get; set; }

        public void Install(IServiceCollection services)
        {
            var registration = services.Single(d => d.ServiceType == typeof(IDeviceExecutor) && d.ImplementationType?.Name == "LabExecutor");
            services.Remove(registration);
            services.AddSingleton<IDeviceExecutor>(sp => new Executor((IDeviceExecutor)ActivatorUtilities.CreateInstance(sp, registration.ImplementationType!), this));
        }

        private sealed class Executor(IDeviceExecutor lab, PreCheckHook hook) : IDeviceExecutor
        {
            public Transport Transport => lab.Transport;

            public async Task<DeviceRunResult> ExecuteAsync(DeviceCommandPlan plan, CancellationToken cancellationToken)
            {
                var result = await lab.ExecuteAsync(plan, cancellationToken);
                if (plan.Runbook == "interface-counters" && hook.WhileLooking is { } look)
                {
                    hook.WhileLooking = null;
                    await look();
                }

                return result;
            }
        }
    }

    /// <summary>
    /// Watches the order of the two writes that matter: the cancel appended to the audit chain, and the status change
    /// handed to the result queue (what tells the chat). Both are the real stores underneath.
    /// </summary>
    private sealed class OrderWatchingAudit
    {
        private readonly List<string> _order = [];

        public bool CancelledBeforeAnnounced(string id)
        {
            lock (_order)
            {
                var recorded = _order.IndexOf("audit:" + id);
                var announced = _order.IndexOf("announce:" + id);
                return recorded >= 0 && announced > recorded;
            }
        }

        public void Install(IServiceCollection services)
        {
            Decorate<IAuditLog>(services, inner => new Audit(inner, this));
            Decorate<IResultQueue>(services, inner => Results.Wrap(inner, this));
        }

        private void Note(string what)
        {
            lock (_order)
            {
                _order.Add(what);
            }
        }

        private static void Decorate<T>(IServiceCollection services, Func<T, T> wrap)
            where T : class
        {
            var registration = services.Last(d => d.ServiceType == typeof(T));
            services.Remove(registration);
            services.AddSingleton(sp => wrap(registration.ImplementationFactory is { } factory
                ? (T)factory(sp)
                : registration.ImplementationInstance as T ?? (T)ActivatorUtilities.CreateInstance(sp, registration.ImplementationType!)));
        }

        private sealed class Audit(IAuditLog inner, OrderWatchingAudit watch) : IAuditLog
        {
            public async Task<AuditEvent> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
            {
                var appended = await inner.AppendAsync(entry, cancellationToken);
                if (entry.Kind == AuditKind.Cancelled && entry.RequestId is { } id)
                {
                    watch.Note("audit:" + id);
                }

                return appended;
            }

            public IAsyncEnumerable<AuditEvent> ReadAsync(string partition, CancellationToken cancellationToken) => inner.ReadAsync(partition, cancellationToken);

            public Task<IReadOnlyList<string>> ListPartitionsAsync(CancellationToken cancellationToken) => inner.ListPartitionsAsync(cancellationToken);
        }

        /// <summary>The real result queue, noting each cancel it is handed before passing every call on.</summary>
        private class Results : System.Reflection.DispatchProxy
        {
            private IResultQueue? _inner;
            private OrderWatchingAudit? _watch;

            public static IResultQueue Wrap(IResultQueue inner, OrderWatchingAudit watch)
            {
                var proxy = Create<IResultQueue, Results>();
                var results = (Results)(object)proxy;
                (results._inner, results._watch) = (inner, watch);
                return proxy;
            }

            protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args)
            {
                if (targetMethod?.Name == nameof(IResultQueue.EnqueueAsync) && args?[0] is ResultMessage { Status: RequestStatus.Cancelled } message)
                {
                    _watch!.Note("announce:" + message.RequestId);
                }

                try
                {
                    return targetMethod!.Invoke(_inner, args);
                }
                catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
                {
                    throw e.InnerException;
                }
            }
        }
    }
}
