namespace ChatNetOps.Testing.Queues;

using ChatNetOps.Core.Queues;
using Microsoft.Extensions.Time.Testing;

/// <summary>
/// The peek-lock behaviour every <see cref="IMessageQueue{TMessage}"/> must have, its dead-letter queue, and consuming
/// with <see cref="IMessageQueue{TMessage}.ConsumeAsync"/>. Lock expiry is driven by the <see cref="FakeTimeProvider"/>
/// given to the factory; waits for another task are bounded by a real-time timeout. The consume tests start the fake
/// clock at the real time, because a broker that renews locks itself compares them with the real clock.
/// </summary>
public abstract class MessageQueueContract<TMessage>
    where TMessage : class
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Lock = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan NoWait = TimeSpan.Zero;
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    /// <summary>A fresh, empty queue on <paramref name="time"/> that dead-letters after <paramref name="maxDeliveryCount"/> deliveries.</summary>
    protected abstract Task<IMessageQueue<TMessage>> CreateQueueAsync(FakeTimeProvider time, int maxDeliveryCount);

    /// <summary>A message with every field set, identified by <paramref name="id"/>.</summary>
    protected abstract TMessage NewMessage(string id, FakeTimeProvider time);

    protected abstract string IdOf(TMessage message);

    /// <summary>
    /// True when the queue keeps time by the test's <see cref="FakeTimeProvider"/> (every in-process implementation).
    /// A live broker keeps real time: then <see cref="AdvanceAsync"/> also waits, and lock expiries are compared within
    /// <see cref="LiveClockTolerance"/>.
    /// </summary>
    protected virtual bool QueueFollowsTestClock => true;

    /// <summary>How far a live broker's lock expiry may be from the test's reckoning (network and clock skew).</summary>
    protected static TimeSpan LiveClockTolerance { get; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock a test starts with: <see cref="TestData.Clock"/>, or the real time for a live broker.</summary>
    protected FakeTimeProvider NewClock() => QueueFollowsTestClock ? TestData.Clock() : NewClockAtRealTime();

    /// <summary>A test clock starting now, for queues whose broker renews locks against the real clock (ConsumeAsync).</summary>
    protected static FakeTimeProvider NewClockAtRealTime() => new(TimeProvider.System.GetUtcNow());

    /// <summary>Moves the test clock; for a live broker also lets that much real time pass.</summary>
    protected async Task AdvanceAsync(FakeTimeProvider time, TimeSpan by)
    {
        ArgumentNullException.ThrowIfNull(time);
        time.Advance(by);
        if (!QueueFollowsTestClock)
        {
            await Task.Delay(by + TimeSpan.FromSeconds(1), TimeProvider.System);
        }
    }

    protected void AssertLockedUntil(DateTimeOffset expected, DateTimeOffset actual)
    {
        if (QueueFollowsTestClock)
        {
            Assert.Equal(expected, actual);
        }
        else
        {
            Assert.InRange(actual, expected - LiveClockTolerance, expected + LiveClockTolerance);
        }
    }

    [SkippableFact]
    public async Task Receive_EmptyQueue_ReturnsNull()
    {
        var queue = await CreateQueueAsync(NewClock(), 10);

        Assert.Null(await queue.ReceiveAsync(Lock, NoWait, Ct));
    }

    [SkippableFact]
    public async Task Receive_QueuedMessage_DeliversItExactlyWithDeliveryCountOneAndALock()
    {
        var time = NewClock();
        var queue = await CreateQueueAsync(time, 10);
        var message = NewMessage("M-1", time);
        await queue.EnqueueAsync(message, Ct);

        var lease = await queue.ReceiveAsync(Lock, NoWait, Ct);

        Assert.NotNull(lease);
        AssertJson.Equal(message, lease.Message);
        Assert.Equal(1, lease.DeliveryCount);
        Assert.False(string.IsNullOrEmpty(lease.LockToken));
        AssertLockedUntil(time.GetUtcNow() + Lock, lease.LockedUntil);
    }

    [SkippableFact]
    public async Task Receive_WhileTheLockIsHeld_HidesTheMessage()
    {
        var time = NewClock();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(NewMessage("M-1", time), Ct);
        await queue.ReceiveAsync(Lock, NoWait, Ct);
        await AdvanceAsync(time, Lock - TimeSpan.FromSeconds(1));

        Assert.Null(await queue.ReceiveAsync(Lock, NoWait, Ct));
    }

    [SkippableFact]
    public async Task Receive_AfterTheLockExpires_RedeliversWithAHigherDeliveryCountAndANewToken()
    {
        var time = NewClock();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(NewMessage("M-1", time), Ct);
        var first = await queue.ReceiveAsync(Lock, NoWait, Ct);
        await AdvanceAsync(time, Lock);

        var second = await queue.ReceiveAsync(Lock, NoWait, Ct);

        Assert.NotNull(second);
        Assert.Equal("M-1", IdOf(second.Message));
        Assert.Equal(2, second.DeliveryCount);
        Assert.NotEqual(first!.LockToken, second.LockToken);
    }

    [SkippableFact]
    public async Task Complete_WithALiveLock_RemovesTheMessage()
    {
        var time = NewClock();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(NewMessage("M-1", time), Ct);
        var lease = await queue.ReceiveAsync(Lock, NoWait, Ct);

        Assert.True(await queue.CompleteAsync(lease!, Ct));

        await AdvanceAsync(time, Lock * 2);
        Assert.Null(await queue.ReceiveAsync(Lock, NoWait, Ct));
    }

    [SkippableFact]
    public async Task Complete_AfterTheLockWasLostAndTheMessageRedelivered_ReturnsFalse()
    {
        var time = NewClock();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(NewMessage("M-1", time), Ct);
        var slow = await queue.ReceiveAsync(Lock, NoWait, Ct);
        await AdvanceAsync(time, Lock + TimeSpan.FromSeconds(1));
        var other = await queue.ReceiveAsync(Lock, NoWait, Ct);

        Assert.False(await queue.CompleteAsync(slow!, Ct));
        Assert.True(await queue.CompleteAsync(other!, Ct));
    }

    [SkippableFact]
    public async Task Abandon_MakesTheMessageVisibleAgainAtOnce()
    {
        var time = NewClock();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(NewMessage("M-1", time), Ct);
        var first = await queue.ReceiveAsync(Lock, NoWait, Ct);

        await queue.AbandonAsync(first!, Ct);
        var second = await queue.ReceiveAsync(Lock, NoWait, Ct);

        Assert.Equal("M-1", IdOf(second!.Message));
        Assert.Equal(2, second.DeliveryCount);
    }

    [SkippableFact]
    public async Task Renew_WithALiveLock_KeepsTheMessageHiddenPastTheFirstLock()
    {
        var time = NewClock();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(NewMessage("M-1", time), Ct);
        var lease = await queue.ReceiveAsync(Lock, NoWait, Ct);
        await AdvanceAsync(time, TimeSpan.FromSeconds(20));

        var renewed = await queue.RenewAsync(lease!, Lock, Ct);
        await AdvanceAsync(time, TimeSpan.FromSeconds(20));

        Assert.NotNull(renewed);
        AssertLockedUntil(time.GetUtcNow() - TimeSpan.FromSeconds(20) + Lock, renewed.LockedUntil);
        Assert.Null(await queue.ReceiveAsync(Lock, NoWait, Ct));
        Assert.True(await queue.CompleteAsync(renewed, Ct));
    }

    [SkippableFact]
    public async Task Renew_AfterTheLockWasLost_ReturnsNull()
    {
        var time = NewClock();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(NewMessage("M-1", time), Ct);
        var lease = await queue.ReceiveAsync(Lock, NoWait, Ct);
        await AdvanceAsync(time, Lock + TimeSpan.FromSeconds(1));
        await queue.ReceiveAsync(Lock, NoWait, Ct);

        Assert.Null(await queue.RenewAsync(lease!, Lock, Ct));
    }

    [SkippableFact]
    public async Task Enqueue_DuplicateMessageId_IsIgnored()
    {
        var time = NewClock();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(NewMessage("M-1", time), Ct);
        await queue.EnqueueAsync(NewMessage("M-1", time), Ct);

        var lease = await queue.ReceiveAsync(Lock, NoWait, Ct);
        Assert.True(await queue.CompleteAsync(lease!, Ct));

        Assert.Null(await queue.ReceiveAsync(Lock, NoWait, Ct));
    }

    [SkippableFact]
    public async Task Enqueue_DuplicateOfACompletedMessage_IsIgnored()
    {
        var time = NewClock();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(NewMessage("M-1", time), Ct);
        await queue.CompleteAsync((await queue.ReceiveAsync(Lock, NoWait, Ct))!, Ct);

        await queue.EnqueueAsync(NewMessage("M-1", time), Ct);

        Assert.Null(await queue.ReceiveAsync(Lock, NoWait, Ct));
    }

    [SkippableFact]
    public async Task Receive_AbandonedMaxDeliveryCountTimes_DeadLettersTheMessage()
    {
        var time = NewClock();
        var queue = await CreateQueueAsync(time, 3);
        var message = NewMessage("M-POISON", time);
        await queue.EnqueueAsync(message, Ct);
        for (var i = 1; i <= 3; i++)
        {
            var lease = await queue.ReceiveAsync(Lock, NoWait, Ct);
            Assert.Equal(i, lease?.DeliveryCount);
            await queue.AbandonAsync(lease!, Ct);
        }

        Assert.Null(await queue.ReceiveAsync(Lock, NoWait, Ct));

        var letter = Assert.Single(await queue.ReadDeadLettersAsync(10, Ct));
        Assert.Equal("M-POISON", IdOf(letter.Message));
        AssertJson.Equal(message, letter.Message);
        Assert.Equal("MaxDeliveryCountExceeded", letter.Reason);
        Assert.Equal(3, letter.DeliveryCount);
    }

    [SkippableFact]
    public async Task Receive_LockExpiredMaxDeliveryCountTimes_DeadLettersTheMessage()
    {
        var time = NewClock();
        var queue = await CreateQueueAsync(time, 2);
        await queue.EnqueueAsync(NewMessage("M-CRASH", time), Ct);
        for (var i = 0; i < 2; i++)
        {
            Assert.NotNull(await queue.ReceiveAsync(Lock, NoWait, Ct));
            await AdvanceAsync(time, Lock);
        }

        Assert.Null(await queue.ReceiveAsync(Lock, NoWait, Ct));

        var letter = Assert.Single(await queue.ReadDeadLettersAsync(10, Ct));
        Assert.Equal("MaxDeliveryCountExceeded", letter.Reason);
    }

    [SkippableFact]
    public async Task ReadDeadLetters_NoneDeadLettered_ReturnsEmpty()
    {
        var queue = await CreateQueueAsync(NewClock(), 10);

        Assert.Empty(await queue.ReadDeadLettersAsync(10, Ct));
    }

    [SkippableFact]
    public async Task ReceiveWithAWait_AnotherTaskEnqueues_ReturnsTheMessageWithoutTimePassing()
    {
        var time = NewClock();
        var queue = await CreateQueueAsync(time, 10);
        var receive = queue.ReceiveAsync(Lock, TimeSpan.FromMinutes(1), Ct);
        Assert.False(receive.IsCompleted);

        await Task.Run(() => queue.EnqueueAsync(NewMessage("M-LATE", time), Ct));
        var lease = await receive.WaitAsync(Guard);

        Assert.Equal("M-LATE", IdOf(lease!.Message));
    }

    [SkippableFact]
    public async Task ReceiveWithAWait_NothingArrives_ReturnsNullOnceTheWaitHasPassed()
    {
        var time = NewClock();
        var queue = await CreateQueueAsync(time, 10);
        var receive = queue.ReceiveAsync(Lock, TimeSpan.FromSeconds(5), Ct);
        Assert.False(receive.IsCompleted);

        await AdvanceAsync(time, TimeSpan.FromSeconds(5));

        Assert.Null(await receive.WaitAsync(Guard));
    }

    [SkippableFact]
    public async Task Receive_ConcurrentReceivers_DeliverEachMessageOnce()
    {
        var time = NewClock();
        var queue = await CreateQueueAsync(time, 10);
        for (var i = 0; i < 20; i++)
        {
            await queue.EnqueueAsync(NewMessage($"M-{i:D2}", time), Ct);
        }

        var leases = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => queue.ReceiveAsync(Lock, NoWait, Ct))));

        var ids = leases.Where(l => l is not null).Select(l => IdOf(l!.Message)).ToList();
        Assert.Equal(20, ids.Count);
        Assert.Equal(20, ids.Distinct().Count());
    }

    [SkippableFact]
    public async Task DeadLetter_WithALiveLock_MovesTheMessageWithItsReasonAndDescription()
    {
        var time = NewClock();
        var queue = await CreateQueueAsync(time, 10);
        var message = NewMessage("M-BAD", time);
        await queue.EnqueueAsync(message, Ct);
        var lease = await queue.ReceiveAsync(Lock, NoWait, Ct);

        Assert.True(await queue.DeadLetterAsync(lease!, "UnreadableRequest", "the request names a runbook that was removed", Ct));

        Assert.Null(await queue.ReceiveAsync(Lock, NoWait, Ct));
        var letter = Assert.Single(await queue.ReadDeadLettersAsync(10, Ct));
        AssertJson.Equal(message, letter.Message);
        Assert.Equal("UnreadableRequest", letter.Reason);
        Assert.Equal("the request names a runbook that was removed", letter.Description);
        Assert.Equal(1, letter.DeliveryCount);
    }

    [SkippableFact]
    public async Task DeadLetter_AfterTheLockWasLostAndTheMessageRedelivered_ReturnsFalseAndKeepsItQueued()
    {
        var time = NewClock();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(NewMessage("M-1", time), Ct);
        var slow = await queue.ReceiveAsync(Lock, NoWait, Ct);
        await AdvanceAsync(time, Lock + TimeSpan.FromSeconds(1));
        var other = await queue.ReceiveAsync(Lock, NoWait, Ct);

        Assert.False(await queue.DeadLetterAsync(slow!, "TooLate", "the lock had expired", Ct));

        Assert.Empty(await queue.ReadDeadLettersAsync(10, Ct));
        Assert.True(await queue.CompleteAsync(other!, Ct));
    }

    [SkippableFact]
    public async Task RequeueDeadLetter_PutsTheMessageBackWithAFreshDeliveryCount()
    {
        var time = NewClock();
        var queue = await CreateQueueAsync(time, 2);
        var message = NewMessage("M-AGAIN", time);
        await queue.EnqueueAsync(message, Ct);
        for (var i = 0; i < 2; i++)
        {
            await queue.AbandonAsync((await queue.ReceiveAsync(Lock, NoWait, Ct))!, Ct);
        }

        Assert.Single(await queue.ReadDeadLettersAsync(10, Ct));

        Assert.True(await queue.RequeueDeadLetterAsync("M-AGAIN", Ct));

        var lease = await queue.ReceiveAsync(Lock, NoWait, Ct);
        Assert.NotNull(lease);
        AssertJson.Equal(message, lease.Message);
        Assert.Equal(1, lease.DeliveryCount);
        Assert.Empty(await queue.ReadDeadLettersAsync(10, Ct));
        Assert.True(await queue.CompleteAsync(lease, Ct));
    }

    [SkippableFact]
    public async Task RequeueDeadLetter_UnknownId_ReturnsFalse()
    {
        var time = NewClock();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(NewMessage("M-LIVE", time), Ct);

        Assert.False(await queue.RequeueDeadLetterAsync("M-LIVE", Ct));
        Assert.False(await queue.RequeueDeadLetterAsync("M-NEVER", Ct));
    }

    [SkippableFact]
    public async Task Consume_HandlerCompletes_EachMessageIsHandledOnceAndRemoved()
    {
        var time = NewClockAtRealTime();
        var queue = await CreateQueueAsync(time, 10);
        for (var i = 0; i < 6; i++)
        {
            await queue.EnqueueAsync(NewMessage($"M-{i}", time), Ct);
        }

        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        var allSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await ConsumeUntilAsync(queue, (delivery, _) =>
        {
            seen.Add(IdOf(delivery.Lease.Message));
            if (seen.Count == 6)
            {
                allSeen.TrySetResult();
            }

            return Task.FromResult(QueueSettlement.Complete);
        }, allSeen.Task, maxConcurrent: 3);

        Assert.Equal(6, seen.Count);
        Assert.Equal(6, seen.Distinct().Count());
        Assert.Null(await queue.ReceiveAsync(Lock, NoWait, Ct));
    }

    [SkippableFact]
    public async Task Consume_HandlerAbandons_TheMessageComesBackWithAHigherDeliveryCount()
    {
        var time = NewClockAtRealTime();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(NewMessage("M-RETRY", time), Ct);
        var counts = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await ConsumeUntilAsync(queue, (delivery, _) =>
        {
            counts.Enqueue(delivery.Lease.DeliveryCount);
            if (delivery.Lease.DeliveryCount < 2)
            {
                return Task.FromResult(QueueSettlement.Abandon);
            }

            done.TrySetResult();
            return Task.FromResult(QueueSettlement.Complete);
        }, done.Task);

        Assert.Equal([1, 2], counts.ToArray());
        Assert.Null(await queue.ReceiveAsync(Lock, NoWait, Ct));
    }

    [SkippableFact]
    public async Task Consume_HandlerThrows_TheMessageIsAbandonedAndDeliveredAgain()
    {
        var time = NewClockAtRealTime();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(NewMessage("M-THROWS", time), Ct);
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        await ConsumeUntilAsync(queue, (delivery, _) =>
        {
            if (delivery.Lease.DeliveryCount == 1)
            {
                throw new InvalidOperationException("handler bug");
            }

            done.TrySetResult(delivery.Lease.DeliveryCount);
            return Task.FromResult(QueueSettlement.Complete);
        }, done.Task);

        Assert.Equal(2, await done.Task);
    }

    [SkippableFact]
    public async Task Consume_HandlerDeadLetters_TheMessageIsInTheDeadLetterQueueWithItsReason()
    {
        var time = NewClockAtRealTime();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(NewMessage("M-POISON", time), Ct);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await ConsumeUntilAsync(queue, (_, _) =>
        {
            done.TrySetResult();
            return Task.FromResult(QueueSettlement.DeadLetter("Poison", "cannot be handled"));
        }, done.Task);

        // ConsumeAsync returns once its handlers and their settlements are done.
        var letter = Assert.Single(await queue.ReadDeadLettersAsync(10, Ct));
        Assert.Equal("M-POISON", IdOf(letter.Message));
        Assert.Equal("Poison", letter.Reason);
        Assert.Equal("cannot be handled", letter.Description);
    }

    [SkippableFact]
    public async Task Consume_NeverRunsMoreHandlersAtOnceThanAllowed()
    {
        var time = NewClockAtRealTime();
        var queue = await CreateQueueAsync(time, 10);
        for (var i = 0; i < 6; i++)
        {
            await queue.EnqueueAsync(NewMessage($"M-{i}", time), Ct);
        }

        var running = 0;
        var most = 0;
        var finished = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await ConsumeUntilAsync(queue, async (_, _) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Yield();
            Interlocked.Decrement(ref running);
            if (Interlocked.Increment(ref finished) == 6)
            {
                done.TrySetResult();
            }

            return QueueSettlement.Complete;
        }, done.Task, maxConcurrent: 2);

        Assert.InRange(most, 1, 2);
    }

    private static async Task ConsumeUntilAsync(
        IMessageQueue<TMessage> queue,
        Func<QueueDelivery<TMessage>, CancellationToken, Task<QueueSettlement>> handler,
        Task until,
        int maxConcurrent = 1)
    {
        using var stop = new CancellationTokenSource();
        var consuming = queue.ConsumeAsync(handler, new QueueConsumerOptions(maxConcurrent, Lock, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)), stop.Token);
        try
        {
            await until.WaitAsync(Guard);
        }
        finally
        {
            await stop.CancelAsync();
            await consuming.WaitAsync(Guard);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
