namespace ChatNetOps.Slack.Processing;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Dialog;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Queues;
using ChatNetOps.Slack.BlockKit;
using ChatNetOps.Slack.Users;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// Processes acknowledged Slack work from the durable <see cref="IChatWorkQueue"/>: who is it (policy member), where
/// (conversation), what (text or card action) → <see cref="DialogService"/> → Slack, then completes the queued work.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>At most <see cref="SlackOptions.Concurrency"/> pieces of work compute at once (<see cref="WorkerSlots"/>); work
/// that only waits for a rate tier's pace gives its slot back, so one busy channel never holds up another.</item>
/// <item>The host holds what it took (at most <see cref="SlackOptions.MaxPendingWork"/>) under a lock it renews while it
/// works; when a host dies, another replica (or the restarted host) takes the work up once the lock lapses.</item>
/// <item>A failure before the dialog ran gives the work back to the queue after a pause (<see cref="RetryPause"/>;
/// redelivered, dead-lettered after the queue's maximum delivery count). Once the dialog ran, nothing runs it again: a reply that must wait for its
/// channel's pace, or that a stopping host cannot send, is put back on the queue as a <see cref="SlackWork.Delivery"/>.</item>
/// <item>On stop the host takes no more work, stops waiting for paces, lets work in progress finish (until the host's
/// shutdown timeout) and gives back what it did not start.</item>
/// </list>
/// </remarks>
internal sealed class SlackWorkProcessor(
    SlackWorkInbox inbox,
    WorkerSlots slots,
    DialogService dialog,
    SlackUserDirectory users,
    SlackConversations conversations,
    SlackResponder responder,
    FormStore forms,
    TimeProvider time,
    IOptions<SlackOptions> options,
    ILogger<SlackWorkProcessor> logger) : BackgroundService
{
    public const string FormGoneText = "That form is no longer available (forms are kept for a limited time). Run the command again.";

    private static readonly TimeSpan ReceiveWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReceiveRetry = TimeSpan.FromSeconds(1);

    private readonly IChatWorkQueue _queue = inbox.Queue;
    private readonly ConcurrentDictionary<string, HeldWork> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly CancellationTokenSource _abort = new();
    private CancellationToken _stopping;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Work in progress may finish until the host's shutdown timeout; then it is cancelled and given back.
        await using var abort = cancellationToken.Register(() => _abort.Cancel());
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        var settings = options.Value;
        using var pending = new SemaphoreSlim(settings.MaxPendingWork, settings.MaxPendingWork);
        using var renewing = new CancellationTokenSource();
        var renewal = RenewLocksAsync(settings.WorkLockDuration, renewing.Token);

        // Two receivers keep the slots fed (a receive is one store round trip); each holds a slot only while it receives.
        var pumps = Enumerable.Range(0, Math.Clamp(settings.Concurrency / 8, 1, 4))
            .Select(_ => Task.Run(() => PumpAsync(pending, settings.WorkLockDuration, stoppingToken), CancellationToken.None))
            .ToArray();
        await Task.WhenAll(pumps);
        await Task.WhenAll(_running.Keys);
        await renewing.CancelAsync();
        await renewal;
    }

    private async Task PumpAsync(SemaphoreSlim pending, TimeSpan lockDuration, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var permit = false;
            WorkerSlots.Slot? slot = null;
            try
            {
                await pending.WaitAsync(stoppingToken);
                permit = true;
                slot = await slots.TakeAsync(stoppingToken);
                var lease = await _queue.ReceiveAsync(lockDuration, ReceiveWait, stoppingToken);
                if (lease is null)
                {
                    continue;
                }

                var held = new HeldWork(lease);
                _held[lease.LockToken] = held;
                var run = RunAsync(held, slot, pending);
                slot = null;
                permit = false;
                _running.TryAdd(run, 0);
                _ = run.ContinueWith(done => _running.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.ReceiveFailed(logger, e, ReceiveRetry.TotalSeconds);
                slot?.Dispose();
                slot = null;
                try
                {
                    await Task.Delay(ReceiveRetry, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            finally
            {
                slot?.Dispose();
                if (permit)
                {
                    pending.Release();
                }
            }
        }
    }

    private async Task RunAsync(HeldWork held, WorkerSlots.Slot slot, SemaphoreSlim pending)
    {
        try
        {
            await WorkerSlots.RunAsync(slot, () => ProcessHeldAsync(held));
        }
        finally
        {
            _held.TryRemove(held.Lease.LockToken, out _);
            pending.Release();
        }
    }

    private async Task ProcessHeldAsync(HeldWork held)
    {
        var message = held.Lease.Message;
        using var activity = Core.Telemetry.StartFrom(Telemetry.Source, "slack.work " + message.Kind, ActivityKind.Consumer, message.TraceParent);
        if (Read(message) is not { } work)
        {
            await GiveBackAsync(held);
            return;
        }

        try
        {
            await ProcessAsync(work, message.WorkId, _abort.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping before the dialog ran (or before any of a queued delivery went out): another host does it.
            await GiveBackAsync(held);
            return;
        }
        catch (Exception e)
        {
            // Given back after a pause growing with each delivery (without holding a slot), so that a store that is
            // down for a minute does not use up the queue's deliveries at once and send the work to the dead letters.
            Log.ProcessingFailed(logger, e, work.Kind, activity?.TraceId.ToString() ?? "-", held.Lease.DeliveryCount);
            try
            {
                await WorkerSlots.PaceAsync(RetryPause(held.Lease.DeliveryCount), time, _stopping);
            }
            catch (OperationCanceledException)
            {
            }

            await GiveBackAsync(held);
            return;
        }

        held.Settling = true;
        try
        {
            if (!await _queue.CompleteAsync(held.Lease, CancellationToken.None))
            {
                Log.LockLost(logger, work.Kind, message.WorkId);
            }
        }
        catch (Exception e)
        {
            Log.SettleFailed(logger, e, work.Kind, message.WorkId);
        }
    }

    internal Task ProcessAsync(SlackWork work, string workId, CancellationToken cancellationToken) => work switch
    {
        SlackWork.Command command => CommandAsync(command, workId, cancellationToken),
        SlackWork.ButtonPress press => ButtonAsync(press, workId, cancellationToken),
        SlackWork.FormSubmitted submitted => SubmittedAsync(submitted, workId, cancellationToken),
        SlackWork.FormGone gone => DeliverAsync(
            workId,
            DialogResult.Of(new OutboundMessage(FormGoneText) { Ephemeral = true }),
            new ReplyContext(gone.Metadata.Channel ?? string.Empty, gone.UserId, gone.Metadata.ThreadTs, gone.Metadata.ResponseUrl, gone.Metadata.ResponseUrl is not null),
            dialogRan: true,
            cancellationToken),
        SlackWork.Message message => MessageAsync(message, workId, cancellationToken),
        SlackWork.Delivery delivery => DeliverAsync(workId, new DialogResult(delivery.Messages), delivery.Reply.ToContext(), dialogRan: false, cancellationToken),
        _ => throw new InvalidOperationException($"Unhandled Slack work {work.GetType().Name}; add it to {nameof(SlackWorkProcessor)}."),
    };

    private async Task CommandAsync(SlackWork.Command work, string workId, CancellationToken cancellationToken)
    {
        var slash = work.Slash;
        var who = await users.ResolveAsync(slash.UserId, slash.UserName, cancellationToken);
        var where = await conversations.ResolveAsync(slash.ChannelId, null, slash.ChannelName == "directmessage" ? "im" : null, slash.ChannelName, cancellationToken);
        var chatEvent = ChatEvent.Message(where, slash.UserId, who.DisplayName, Mrkdwn.Unescape(slash.Text)) with { Email = who.Email };
        var result = await dialog.HandleAsync(chatEvent, cancellationToken);
        var reply = new ReplyContext(slash.ChannelId, slash.UserId, null, slash.ResponseUrl, UseResponseUrl: true) { TriggerId = slash.TriggerId };
        await DeliverAsync(workId, result, reply, dialogRan: true, cancellationToken);
    }

    private async Task ButtonAsync(SlackWork.ButtonPress work, string workId, CancellationToken cancellationToken)
    {
        var payload = work.Payload;
        var channel = payload.Container?.ChannelId ?? payload.Channel?.Id;
        if (channel is null || payload.User is null)
        {
            return;
        }

        var messageTs = payload.Container?.MessageTs ?? payload.Message?.Ts;
        var threadTs = payload.Container?.ThreadTs ?? payload.Message?.ThreadTs;
        var reply = new ReplyContext(channel, payload.User.Id, threadTs, payload.ResponseUrl, UseResponseUrl: false) { TriggerId = payload.TriggerId };
        var data = ParseValue(work.Action.Value);
        if (data[BlockKitRenderer.FormKey] is JsonValue formId && formId.GetValueKind() == JsonValueKind.String)
        {
            data.Remove(BlockKitRenderer.FormKey);
            var form = await forms.FindAsync(formId.GetValue<string>(), cancellationToken);
            if (form is null)
            {
                await responder.NoticeAsync(reply, FormGoneText, cancellationToken);
                return;
            }

            if (form.Inputs.Count > 0)
            {
                if (reply.TakeTrigger() is not { } trigger || !await responder.OpenFormAsync(trigger, form, reply, messageTs, cancellationToken))
                {
                    await responder.NoticeAsync(reply, "Slack did not open the form in time; press the button again.", cancellationToken);
                }

                return;
            }

            data = (JsonObject)form.Data.DeepClone();
        }

        var who = await users.ResolveAsync(payload.User.Id, payload.User.Name ?? payload.User.Username, cancellationToken);
        var where = await conversations.ResolveAsync(channel, threadTs, null, null, cancellationToken);
        var action = new CardAction(Verb(work.Action.ActionId), data, messageTs);
        var chatEvent = ChatEvent.Press(where, payload.User.Id, who.DisplayName, action) with { Email = who.Email };
        var result = await dialog.HandleAsync(chatEvent, cancellationToken);
        await DeliverAsync(workId, result, reply, dialogRan: true, cancellationToken);
    }

    private async Task SubmittedAsync(SlackWork.FormSubmitted work, string workId, CancellationToken cancellationToken)
    {
        var metadata = work.Metadata;
        if (metadata.Channel is not { Length: > 0 } channel || work.Payload.User is not { } user)
        {
            return;
        }

        var data = (JsonObject)work.Form.Data.DeepClone();
        foreach (var (key, value) in work.Values)
        {
            data[key] = value?.DeepClone();
        }

        var who = await users.ResolveAsync(user.Id, user.Name ?? user.Username, cancellationToken);
        var where = await conversations.ResolveAsync(channel, metadata.ThreadTs, null, null, cancellationToken);
        var chatEvent = ChatEvent.Press(where, user.Id, who.DisplayName, new CardAction(work.Form.Verb, data, metadata.MessageTs)) with { Email = who.Email };
        var result = await dialog.HandleAsync(chatEvent, cancellationToken);
        var reply = new ReplyContext(channel, user.Id, metadata.ThreadTs, metadata.ResponseUrl, UseResponseUrl: metadata.ResponseUrl is not null);
        await DeliverAsync(workId, result, reply, dialogRan: true, cancellationToken);
    }

    private async Task MessageAsync(SlackWork.Message work, string workId, CancellationToken cancellationToken)
    {
        var e = work.Event;
        var who = await users.ResolveAsync(e.User!, null, cancellationToken);
        var thread = e.ThreadTs;
        var where = await conversations.ResolveAsync(e.Channel!, thread, e.ChannelType, null, cancellationToken);
        var chatEvent = ChatEvent.Message(where, e.User!, who.DisplayName, Mrkdwn.Unescape(e.Text ?? string.Empty)) with { Email = who.Email };
        var result = await dialog.HandleAsync(chatEvent, cancellationToken);
        await DeliverAsync(workId, result, new ReplyContext(e.Channel!, e.User!, thread, null, UseResponseUrl: false), dialogRan: true, cancellationToken);
    }

    /// <summary>
    /// Sends the replies one by one. After the dialog ran (<paramref name="dialogRan"/>) nothing may run it again: a reply
    /// whose channel is at its pace, and the rest after it, go back on the queue as a <see cref="SlackWork.Delivery"/>
    /// (which waits for the pace without a slot), and so do the unsent ones of a stopping host. A queued delivery that
    /// is stopped before anything of it went out is simply given back.
    /// </summary>
    private async Task DeliverAsync(string workId, DialogResult result, ReplyContext reply, bool dialogRan, CancellationToken cancellationToken)
    {
        var attach = result.MessagesToAttach.ToHashSet(ReferenceEqualityComparer.Instance);
        var messages = result.Messages;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (dialogRan && responder.Backlog(message, reply) is { } backlog && backlog > TimeSpan.Zero)
            {
                Log.DeliveryQueued(logger, reply.Channel, messages.Count - i, backlog.TotalSeconds);
                await HandOffAsync(workId, i, messages, reply);
                return;
            }

            try
            {
                await responder.DeliverOneAsync(message, attach.Contains(message), reply, cancellationToken);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested && (dialogRan || i > 0))
            {
                await HandOffAsync(workId, i, messages, reply);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Never retried by running the dialog again: a lost reply is better than a repeated decision.
                Log.ReplyFailed(logger, e, reply.Channel, message.CardName ?? "text");
            }
        }
    }

    private Task HandOffAsync(string workId, int from, IReadOnlyList<OutboundMessage> messages, ReplyContext reply) =>
        inbox.EnqueueAsync($"{workId}:deliver:{from.ToString(CultureInfo.InvariantCulture)}", new SlackWork.Delivery([.. messages.Skip(from)], ReplyAddress.Of(reply)), CancellationToken.None);

    private async Task GiveBackAsync(HeldWork held)
    {
        held.Settling = true;
        try
        {
            await _queue.AbandonAsync(held.Lease, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The lock lapses on its own; the work is delivered again then.
            Log.SettleFailed(logger, e, held.Lease.Message.Kind, held.Lease.Message.WorkId);
        }
    }

    private SlackWork? Read(ChatWorkMessage message)
    {
        if (!string.Equals(message.Platform, SlackWorkInbox.Platform, StringComparison.Ordinal))
        {
            Log.UnreadableWork(logger, message.WorkId, message.Platform, "not Slack work");
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(message.Body, SlackWorkJsonContext.Default.SlackWork)
                ?? throw new JsonException("The body is JSON null.");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            Log.UnreadableWork(logger, message.WorkId, message.Platform, e.Message);
            return null;
        }
    }

    /// <summary>Keeps the lock on every piece of work this host holds, every third of the lock duration.</summary>
    private async Task RenewLocksAsync(TimeSpan lockDuration, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(lockDuration / 3, time, cancellationToken);
                await Task.WhenAll(_held.Values.Select(held => RenewAsync(held, lockDuration)));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RenewAsync(HeldWork held, TimeSpan lockDuration)
    {
        if (held.Settling)
        {
            return;
        }

        try
        {
            if (await _queue.RenewAsync(held.Lease, lockDuration, CancellationToken.None) is { } renewed)
            {
                held.Lease = renewed;
            }
            else if (!held.Settling)
            {
                // (Not when it was completed or given back meanwhile: then there is nothing left to hold.)
                Log.LockLost(logger, held.Lease.Message.Kind, held.Lease.Message.WorkId);
            }
        }
        catch (Exception e)
        {
            Log.SettleFailed(logger, e, held.Lease.Message.Kind, held.Lease.Message.WorkId);
        }
    }

    /// <summary>1 s after the first failed delivery, doubling up to 30 s.</summary>
    internal static TimeSpan RetryPause(int deliveryCount) =>
        TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Clamp(deliveryCount, 1, 6) - 1)));

    /// <summary>The verb of a button: its action_id without the <c>#n</c> that keeps action_ids unique.</summary>
    internal static string Verb(string actionId)
    {
        var hash = actionId.LastIndexOf('#');
        return hash > 0 && int.TryParse(actionId.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _) ? actionId[..hash] : actionId;
    }

    private static JsonObject ParseValue(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(value) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>A lease this host holds; renewals replace it.</summary>
    private sealed class HeldWork(QueueLease<ChatWorkMessage> lease)
    {
        private QueueLease<ChatWorkMessage> _lease = lease;
        private volatile bool _settling;

        /// <summary>Being completed or given back: no longer renewed.</summary>
        public bool Settling
        {
            get => _settling;
            set => _settling = value;
        }

        public QueueLease<ChatWorkMessage> Lease
        {
            get => Volatile.Read(ref _lease);
            set => Volatile.Write(ref _lease, value);
        }
    }
}
