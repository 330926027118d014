namespace ChatNetOps.Conversation.Tests.Notifications;

using System.Collections.Concurrent;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Testing.Lifecycle;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Health;
using ChatNetOps.Core.Queues;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>
/// The background consumer of the result queue over the real lifecycle (<see cref="LifecycleHarness"/>: SQLite, the lab,
/// a fake clock): a result is never lost to a send that fails or takes long, and never posted twice because of one.
/// </summary>
public sealed class ResultNotifierServiceTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ASendThatTimesOut_IsRedelivered_AndTheConsumerKeepsRunning()
    {
        // HttpClient reports its own time-out as a TaskCanceledException: a failed send, not the host stopping.
        var console = new ScriptedChannel { FailFirst = () => new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 30 seconds elapsing.", new TimeoutException()) };
        await using var h = LifecycleHarness.Create(s => s.RemoveAll<IChatChannel>().AddSingleton<IChatChannel>(console));
        await RunOneRequestAsync(h, console);

        using var service = Service(h, h.Results);
        await service.StartAsync(CancellationToken.None);

        await console.ResultPosted.Task.WaitAsync(Guard);
        Assert.Equal(1, console.Failures);
        Assert.False(service.ExecuteTask!.IsCompleted);
        Assert.Single(console.Posts, p => p.Message.CardName == CardNames.ExecutionResult);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ASendThatOutlastsTheLock_KeepsTheMessage_SoNoOtherReplicaPostsTheResultAgain()
    {
        var console = new ScriptedChannel { Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var h = LifecycleHarness.Create(s => s.RemoveAll<IChatChannel>().AddSingleton<IChatChannel>(console));
        var requestId = await RunOneRequestAsync(h, console, armed: false);
        await h.DrainResultsAsync();
        Assert.Null(await h.Results.ReceiveAsync(TimeSpan.FromSeconds(30), TimeSpan.Zero, CancellationToken.None));

        // One more "finished" message (as a late duplicate would be): handled by one consumer, its sends held.
        console.Arm();
        await h.Results.EnqueueAsync(new ResultMessage(requestId + ":again", requestId, ResultKind.StatusChanged, RequestStatus.Succeeded, h.Time.GetUtcNow(), null), CancellationToken.None);
        var results = new RecordingResultQueue(h.Results);
        var time = new TimerCountingTime(h.Time);
        using var service = new ResultNotifierService(results, h.Notifier, time, new QueueConsumerHealth(h.Time), NullLogger<ResultNotifierService>.Instance);
        await service.StartAsync(CancellationToken.None);
        await console.Holding.Task.WaitAsync(Guard);

        // Two lock durations pass while the send is stuck: the lock is renewed each third of it, and re-armed after each renewal.
        for (var renewal = 1; renewal <= 6; renewal++)
        {
            await time.TimersCreated(renewal).WaitAsync(Guard);
            h.Time.Advance(ResultNotifierService.LockDuration / 3);
            await results.AllHeldBeyond(h.Time.GetUtcNow() + (ResultNotifierService.LockDuration / 2)).WaitAsync(Guard);
        }

        // Another replica finds nothing to take.
        Assert.Null(await h.Results.ReceiveAsync(TimeSpan.FromSeconds(30), TimeSpan.Zero, CancellationToken.None));

        console.Hold.SetResult();
        await console.ResultPosted.Task.WaitAsync(Guard);
        await results.NoneHeld().WaitAsync(Guard);
        await service.StopAsync(CancellationToken.None);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(await h.Results.ReceiveAsync(TimeSpan.FromSeconds(30), TimeSpan.Zero, CancellationToken.None));
        Assert.Single(console.Posts, p => p.Message.CardName == CardNames.ExecutionResult && console.ArmedPosts.Contains(p.MessageId));
    }

    /// <summary>A read-only run by alice on the console: its card posted and attached, then run, so its results are queued.</summary>
    private static async Task<string> RunOneRequestAsync(LifecycleHarness h, ScriptedChannel console, bool armed = true)
    {
        var answer = await h.SayAsync("alice", "verify-ospf device=dist-sw-01");
        var card = Assert.Single(answer.MessagesToAttach);
        var id = await console.SendAsync(LifecycleHarness.ConsoleConversation(), card, CancellationToken.None);
        await h.Dialog.AttachMessageAsync(card.RequestId!, id, null, CancellationToken.None);
        if (armed)
        {
            console.Arm();
        }

        Assert.Equal(RequestStatus.Succeeded, (await h.RunNextJobAsync()).Status);
        return card.RequestId!;
    }

    private static ResultNotifierService Service(LifecycleHarness h, IResultQueue results) =>
        new(results, h.Notifier, h.Time, new QueueConsumerHealth(h.Time), NullLogger<ResultNotifierService>.Instance);

    /// <summary>A console channel that can fail its first send after <see cref="Arm"/>, or hold every send until released.</summary>
    private sealed class ScriptedChannel : IChatChannel
    {
        private int _next;
        private int _failures;
        private int _calls;
        private volatile bool _armed;

        public ChatPlatform Platform => ChatPlatform.Console;

        public Func<Exception>? FailFirst { get; init; }

        public TaskCompletionSource? Hold { get; init; }

        public TaskCompletionSource Holding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource ResultPosted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<(string MessageId, OutboundMessage Message, bool Update)> Posts { get; } = new();

        public int Failures => _failures;

        public void Arm() => _armed = true;

        public ConcurrentBag<string> ArmedPosts { get; } = [];

        public async Task<string> SendAsync(ConversationRef conversation, OutboundMessage message, CancellationToken cancellationToken)
        {
            await ScriptAsync(cancellationToken);
            var id = "msg-" + Interlocked.Increment(ref _next);
            Posts.Enqueue((id, message, false));
            if (_armed)
            {
                ArmedPosts.Add(id);
            }

            if (_armed && message.CardName == CardNames.ExecutionResult)
            {
                ResultPosted.TrySetResult();
            }

            return id;
        }

        public async Task UpdateAsync(ConversationRef conversation, string messageId, OutboundMessage message, CancellationToken cancellationToken)
        {
            await ScriptAsync(cancellationToken);
            Posts.Enqueue((messageId, message, true));
        }

        private async Task ScriptAsync(CancellationToken cancellationToken)
        {
            if (!_armed)
            {
                return;
            }

            if (FailFirst is { } fail && Interlocked.Increment(ref _calls) == 1)
            {
                Interlocked.Increment(ref _failures);
                throw fail();
            }

            if (Hold is { } hold)
            {
                Holding.TrySetResult();
                await hold.Task.WaitAsync(cancellationToken);
            }
        }
    }

    /// <summary>The real result queue, keeping track of the locks it handed out and how far they were renewed.</summary>
    private sealed class RecordingResultQueue(IResultQueue real) : IResultQueue
    {
        private readonly ConcurrentDictionary<string, DateTimeOffset> _held = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<(DateTimeOffset Beyond, TaskCompletionSource Done)> _waiters = new();

        /// <summary>Completes once no lock is held (everything received was completed or given back).</summary>
        public Task NoneHeld() => AllHeldBeyond(DateTimeOffset.MaxValue);

        /// <summary>Completes once every lock still held lasts beyond <paramref name="beyond"/>.</summary>
        public Task AllHeldBeyond(DateTimeOffset beyond)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue((beyond, done));
            Check();
            return done.Task;
        }

        public IEnumerable<string> Held => _held.Select(kv => $"{kv.Key[..6]}:{kv.Value:O}");

        public Task EnqueueAsync(ResultMessage message, CancellationToken cancellationToken) => real.EnqueueAsync(message, cancellationToken);

        public async Task<QueueLease<ResultMessage>?> ReceiveAsync(TimeSpan lockDuration, TimeSpan wait, CancellationToken cancellationToken)
        {
            var lease = await real.ReceiveAsync(lockDuration, wait, cancellationToken);
            if (lease is not null)
            {
                _held[lease.LockToken] = lease.LockedUntil;
            }

            return lease;
        }

        public async Task<bool> CompleteAsync(QueueLease<ResultMessage> lease, CancellationToken cancellationToken)
        {
            var completed = await real.CompleteAsync(lease, cancellationToken);
            _held.TryRemove(lease.LockToken, out _);
            Check();
            return completed;
        }

        public async Task AbandonAsync(QueueLease<ResultMessage> lease, CancellationToken cancellationToken)
        {
            await real.AbandonAsync(lease, cancellationToken);
            _held.TryRemove(lease.LockToken, out _);
            Check();
        }

        public async Task<QueueLease<ResultMessage>?> RenewAsync(QueueLease<ResultMessage> lease, TimeSpan lockDuration, CancellationToken cancellationToken)
        {
            var renewed = await real.RenewAsync(lease, lockDuration, cancellationToken);
            if (renewed is not null)
            {
                _held[lease.LockToken] = renewed.LockedUntil;
            }

            Check();
            return renewed;
        }

        public Task<IReadOnlyList<DeadLetter<ResultMessage>>> ReadDeadLettersAsync(int max, CancellationToken cancellationToken) =>
            real.ReadDeadLettersAsync(max, cancellationToken);

        public async Task<bool> DeadLetterAsync(QueueLease<ResultMessage> lease, string reason, string description, CancellationToken cancellationToken)
        {
            var moved = await real.DeadLetterAsync(lease, reason, description, cancellationToken);
            _held.TryRemove(lease.LockToken, out _);
            Check();
            return moved;
        }

        public Task<bool> RequeueDeadLetterAsync(string id, CancellationToken cancellationToken) => real.RequeueDeadLetterAsync(id, cancellationToken);

        /// <summary>Polls through this wrapper, so every lock the consumer takes is recorded.</summary>
        public Task ConsumeAsync(Func<QueueDelivery<ResultMessage>, CancellationToken, Task<QueueSettlement>> handler, QueueConsumerOptions options, CancellationToken cancellationToken) =>
            PollingConsumer.RunAsync(this, handler, options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, cancellationToken);

        private void Check()
        {
            foreach (var (beyond, done) in _waiters)
            {
                if (_held.Values.All(until => until > beyond))
                {
                    done.TrySetResult();
                }
            }
        }
    }

    /// <summary>The fake clock, counting the timers created on it (a consumer arms one per lock renewal).</summary>
    private sealed class TimerCountingTime(TimeProvider inner) : TimeProvider
    {
        private readonly ConcurrentQueue<(int Count, TaskCompletionSource Done)> _waiters = new();
        private int _created;

        public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override long GetTimestamp() => inner.GetTimestamp();

        public Task TimersCreated(int count)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue((count, done));
            Check();
            return done.Task;
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = inner.CreateTimer(callback, state, dueTime, period);
            Interlocked.Increment(ref _created);
            Check();
            return timer;
        }

        private void Check()
        {
            foreach (var (count, done) in _waiters)
            {
                if (Volatile.Read(ref _created) >= count)
                {
                    done.TrySetResult();
                }
            }
        }
    }
}
