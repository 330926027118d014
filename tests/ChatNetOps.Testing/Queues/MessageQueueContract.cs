namespace ChatNetOps.Testing.Queues;

using ChatNetOps.Core.Queues;
using Microsoft.Extensions.Time.Testing;

/// <summary>
/// The peek-lock behaviour every <see cref="IMessageQueue{TMessage}"/> must have. Lock expiry is driven by the
/// <see cref="FakeTimeProvider"/> given to the factory; waits for another task are bounded by a real-time timeout.
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

    [Fact]
    public async Task Receive_EmptyQueue_ReturnsNull()
    {
        var queue = await CreateQueueAsync(TestData.Clock(), 10);

        Assert.Null(await queue.ReceiveAsync(Lock, NoWait, Ct));
    }

    [Fact]
    public async Task Receive_QueuedMessage_DeliversItExactlyWithDeliveryCountOneAndALock()
    {
        var time = TestData.Clock();
        var queue = await CreateQueueAsync(time, 10);
        var message = NewMessage("M-1", time);
        await queue.EnqueueAsync(message, Ct);

        var lease = await queue.ReceiveAsync(Lock, NoWait, Ct);

        Assert.NotNull(lease);
        AssertJson.Equal(message, lease.Message);
        Assert.Equal(1, lease.DeliveryCount);
        Assert.False(string.IsNullOrEmpty(lease.LockToken));
        Assert.Equal(time.GetUtcNow() + Lock, lease.LockedUntil);
    }

    [Fact]
    public async Task Receive_WhileTheLockIsHeld_HidesTheMessage()
    {
        var time = TestData.Clock();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(NewMessage("M-1", time), Ct);
        await queue.ReceiveAsync(Lock, NoWait, Ct);
        time.Advance(Lock - TimeSpan.FromSeconds(1));

        Assert.Null(await queue.ReceiveAsync(Lock, NoWait, Ct));
    }

    [Fact]
    public async Task Receive_AfterTheLockExpires_RedeliversWithAHigherDeliveryCountAndANewToken()
    {
        var time = TestData.Clock();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(NewMessage("M-1", time), Ct);
        var first = await queue.ReceiveAsync(Lock, NoWait, Ct);
        time.Advance(Lock);

        var second = await queue.ReceiveAsync(Lock, NoWait, Ct);

        Assert.NotNull(second);
        Assert.Equal("M-1", IdOf(second.Message));
        Assert.Equal(2, second.DeliveryCount);
        Assert.NotEqual(first!.LockToken, second.LockToken);
    }

    [Fact]
    public async Task Complete_WithALiveLock_RemovesTheMessage()
    {
        var time = TestData.Clock();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(NewMessage("M-1", time), Ct);
        var lease = await queue.ReceiveAsync(Lock, NoWait, Ct);

        Assert.True(await queue.CompleteAsync(lease!, Ct));

        time.Advance(Lock * 2);
        Assert.Null(await queue.ReceiveAsync(Lock, NoWait, Ct));
    }

    [Fact]
    public async Task Complete_AfterTheLockWasLostAndTheMessageRedelivered_ReturnsFalse()
    {
        var time = TestData.Clock();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(NewMessage("M-1", time), Ct);
        var slow = await queue.ReceiveAsync(Lock, NoWait, Ct);
        time.Advance(Lock + TimeSpan.FromSeconds(1));
        var other = await queue.ReceiveAsync(Lock, NoWait, Ct);

        Assert.False(await queue.CompleteAsync(slow!, Ct));
        Assert.True(await queue.CompleteAsync(other!, Ct));
    }

    [Fact]
    public async Task Abandon_MakesTheMessageVisibleAgainAtOnce()
    {
        var time = TestData.Clock();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(NewMessage("M-1", time), Ct);
        var first = await queue.ReceiveAsync(Lock, NoWait, Ct);

        await queue.AbandonAsync(first!, Ct);
        var second = await queue.ReceiveAsync(Lock, NoWait, Ct);

        Assert.Equal("M-1", IdOf(second!.Message));
        Assert.Equal(2, second.DeliveryCount);
    }

    [Fact]
    public async Task Renew_WithALiveLock_KeepsTheMessageHiddenPastTheFirstLock()
    {
        var time = TestData.Clock();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(NewMessage("M-1", time), Ct);
        var lease = await queue.ReceiveAsync(Lock, NoWait, Ct);
        time.Advance(TimeSpan.FromSeconds(20));

        var renewed = await queue.RenewAsync(lease!, Lock, Ct);
        time.Advance(TimeSpan.FromSeconds(20));

        Assert.NotNull(renewed);
        Assert.Equal(time.GetUtcNow() - TimeSpan.FromSeconds(20) + Lock, renewed.LockedUntil);
        Assert.Null(await queue.ReceiveAsync(Lock, NoWait, Ct));
        Assert.True(await queue.CompleteAsync(renewed, Ct));
    }

    [Fact]
    public async Task Renew_AfterTheLockWasLost_ReturnsNull()
    {
        var time = TestData.Clock();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(NewMessage("M-1", time), Ct);
        var lease = await queue.ReceiveAsync(Lock, NoWait, Ct);
        time.Advance(Lock + TimeSpan.FromSeconds(1));
        await queue.ReceiveAsync(Lock, NoWait, Ct);

        Assert.Null(await queue.RenewAsync(lease!, Lock, Ct));
    }

    [Fact]
    public async Task Enqueue_DuplicateMessageId_IsIgnored()
    {
        var time = TestData.Clock();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(NewMessage("M-1", time), Ct);
        await queue.EnqueueAsync(NewMessage("M-1", time), Ct);

        var lease = await queue.ReceiveAsync(Lock, NoWait, Ct);
        Assert.True(await queue.CompleteAsync(lease!, Ct));

        Assert.Null(await queue.ReceiveAsync(Lock, NoWait, Ct));
    }

    [Fact]
    public async Task Enqueue_DuplicateOfACompletedMessage_IsIgnored()
    {
        var time = TestData.Clock();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(NewMessage("M-1", time), Ct);
        await queue.CompleteAsync((await queue.ReceiveAsync(Lock, NoWait, Ct))!, Ct);

        await queue.EnqueueAsync(NewMessage("M-1", time), Ct);

        Assert.Null(await queue.ReceiveAsync(Lock, NoWait, Ct));
    }

    [Fact]
    public async Task Receive_AbandonedMaxDeliveryCountTimes_DeadLettersTheMessage()
    {
        var time = TestData.Clock();
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

    [Fact]
    public async Task Receive_LockExpiredMaxDeliveryCountTimes_DeadLettersTheMessage()
    {
        var time = TestData.Clock();
        var queue = await CreateQueueAsync(time, 2);
        await queue.EnqueueAsync(NewMessage("M-CRASH", time), Ct);
        for (var i = 0; i < 2; i++)
        {
            Assert.NotNull(await queue.ReceiveAsync(Lock, NoWait, Ct));
            time.Advance(Lock);
        }

        Assert.Null(await queue.ReceiveAsync(Lock, NoWait, Ct));

        var letter = Assert.Single(await queue.ReadDeadLettersAsync(10, Ct));
        Assert.Equal("MaxDeliveryCountExceeded", letter.Reason);
    }

    [Fact]
    public async Task ReadDeadLetters_NoneDeadLettered_ReturnsEmpty()
    {
        var queue = await CreateQueueAsync(TestData.Clock(), 10);

        Assert.Empty(await queue.ReadDeadLettersAsync(10, Ct));
    }

    [Fact]
    public async Task ReceiveWithAWait_AnotherTaskEnqueues_ReturnsTheMessageWithoutTimePassing()
    {
        var time = TestData.Clock();
        var queue = await CreateQueueAsync(time, 10);
        var receive = queue.ReceiveAsync(Lock, TimeSpan.FromMinutes(1), Ct);
        Assert.False(receive.IsCompleted);

        await Task.Run(() => queue.EnqueueAsync(NewMessage("M-LATE", time), Ct));
        var lease = await receive.WaitAsync(Guard);

        Assert.Equal("M-LATE", IdOf(lease!.Message));
    }

    [Fact]
    public async Task ReceiveWithAWait_NothingArrives_ReturnsNullOnceTheWaitHasPassed()
    {
        var time = TestData.Clock();
        var queue = await CreateQueueAsync(time, 10);
        var receive = queue.ReceiveAsync(Lock, TimeSpan.FromSeconds(5), Ct);
        Assert.False(receive.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Null(await receive.WaitAsync(Guard));
    }

    [Fact]
    public async Task Receive_ConcurrentReceivers_DeliverEachMessageOnce()
    {
        var time = TestData.Clock();
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
}
