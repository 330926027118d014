namespace ChatNetOps.Azure.Tests.ServiceBus;

using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using ChatNetOps.ServiceBusBroker;
using global::Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Time.Testing;

/// <summary>
/// The broker's Service Bus behaviours, driven through the unmodified Azure.Messaging.ServiceBus SDK, so a behaviour the
/// SDK does not accept fails here. Each queue runs on a FakeTimeProvider the test advances.
/// </summary>
[Collection(ServiceBusTestCollection.Name)]
public sealed class BrokerBehaviourTests(ServiceBusBrokerFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Lock = ServiceBusBrokerFixture.LockDuration;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
    private ServiceBusClient _client = null!;

    public Task InitializeAsync()
    {
        _client = new ServiceBusClient(fixture.Broker.ConnectionString(), new ServiceBusClientOptions { RetryOptions = new ServiceBusRetryOptions { MaxRetries = 0 } });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Fact]
    public async Task Receive_PeekLock_GivesAGuidLockTokenAndTheServiceBusAnnotations()
    {
        var queue = NewQueue();
        await _client.CreateSender(queue).SendMessagesAsync([new ServiceBusMessage("one") { MessageId = "A" }, new ServiceBusMessage("two") { MessageId = "B" }]);
        var receiver = _client.CreateReceiver(queue);

        var first = await receiver.ReceiveMessageAsync(Wait);
        var second = await receiver.ReceiveMessageAsync(Wait);

        Assert.True(Guid.TryParse(first!.LockToken, out var token) && token != Guid.Empty);
        Assert.Equal(1, first.DeliveryCount);
        Assert.Equal(_time.GetUtcNow(), first.EnqueuedTime);
        Assert.Equal(_time.GetUtcNow() + Lock, first.LockedUntil);
        Assert.Equal(first.SequenceNumber + 1, second!.SequenceNumber);
        await receiver.CompleteMessageAsync(first);
        await receiver.CompleteMessageAsync(second);
        Assert.Equal(0, fixture.Broker.Find(queue)!.Count);
    }

    [Fact]
    public async Task LockExpiry_RedeliversWithDeliveryCountPlusOneAndANewLockToken_AndTheOldTokenIsLost()
    {
        var queue = NewQueue();
        await _client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("x") { MessageId = "A" });
        var receiver = _client.CreateReceiver(queue);
        var first = await receiver.ReceiveMessageAsync(Wait);

        _time.Advance(Lock);
        var again = await receiver.ReceiveMessageAsync(Wait);

        Assert.Equal(2, again!.DeliveryCount);
        Assert.NotEqual(first!.LockToken, again.LockToken);
        var lost = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(first));
        Assert.Equal(ServiceBusFailureReason.MessageLockLost, lost.Reason);
    }

    [Fact]
    public async Task LockExpiry_IsTheAnnouncedLockedUntil_ToTheMillisecond()
    {
        // x-opt-locked-until is an AMQP timestamp (whole milliseconds). A broker that kept the sub-millisecond rest of
        // now + LockDuration would still hold the lock at the moment the SDK, on the expiry it was told, reports it lost.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero).AddTicks(4_567));
        var queue = fixture.NewQueue(time);
        await _client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("x"));
        var receiver = _client.CreateReceiver(queue);
        var message = await receiver.ReceiveMessageAsync(Wait);

        time.SetUtcNow(message!.LockedUntil);

        var lost = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(message));
        Assert.Equal(ServiceBusFailureReason.MessageLockLost, lost.Reason);
        time.Advance(TimeSpan.FromSeconds(1));
        await fixture.Broker.Find(queue)!.WhenLockGoneAsync(Guid.Parse(message.LockToken)).WaitAsync(Wait);
        Assert.Equal(1, fixture.Broker.Find(queue)!.Count);
    }

    [Fact]
    public async Task Abandon_UnlocksAtOnce_AndMaxDeliveryCountDeadLettersWithTheReason()
    {
        var queue = NewQueue(maxDeliveryCount: 2);
        await _client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("x") { MessageId = "POISON" });
        var receiver = _client.CreateReceiver(queue);

        await receiver.AbandonMessageAsync((await receiver.ReceiveMessageAsync(Wait))!);
        var second = await receiver.ReceiveMessageAsync(Wait);
        await receiver.AbandonMessageAsync(second!);

        Assert.Equal(2, second!.DeliveryCount);
        var letter = Assert.Single(await _client.CreateReceiver(queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter }).PeekMessagesAsync(10));
        Assert.Equal("POISON", letter.MessageId);
        Assert.Equal("MaxDeliveryCountExceeded", letter.DeadLetterReason);
        Assert.Equal(queue, letter.DeadLetterSource);
        Assert.Equal(0, fixture.Broker.Find(queue)!.Count);
    }

    [Fact]
    public async Task DeadLetter_ByTheReceiver_KeepsItsReasonAndDescription()
    {
        var queue = NewQueue();
        await _client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("x") { MessageId = "BAD" });
        var receiver = _client.CreateReceiver(queue);

        await receiver.DeadLetterMessageAsync((await receiver.ReceiveMessageAsync(Wait))!, "Unreadable", "no such runbook");

        var dead = _client.CreateReceiver(queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var letter = await dead.ReceiveMessageAsync(Wait);
        Assert.Equal(("Unreadable", "no such runbook"), (letter!.DeadLetterReason, letter.DeadLetterErrorDescription));
        await dead.CompleteMessageAsync(letter);
        Assert.Equal(0, fixture.Broker.Find(queue)!.DeadLetterQueue!.Count);
    }

    [Fact]
    public async Task RenewLock_OverManagement_ExtendsTheLockFromNow()
    {
        var queue = NewQueue();
        await _client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("x"));
        var receiver = _client.CreateReceiver(queue);
        var message = await receiver.ReceiveMessageAsync(Wait);
        _time.Advance(TimeSpan.FromSeconds(20));

        await receiver.RenewMessageLockAsync(message!);
        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromSeconds(20) + Lock, message!.LockedUntil);
        await receiver.CompleteMessageAsync(message);
    }

    [Fact]
    public async Task UpdateDisposition_AnotherReceiverCompletesByLockToken()
    {
        var queue = NewQueue();
        await _client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("x"));
        var message = await _client.CreateReceiver(queue).ReceiveMessageAsync(Wait);

        // Its link has no such delivery, so the SDK settles through $management update-disposition (AmqpReceiver.cs).
        await _client.CreateReceiver(queue).CompleteMessageAsync(message!);

        Assert.Equal(0, fixture.Broker.Find(queue)!.Count);
    }

    [Fact]
    public async Task Peek_NeitherLocksNorCountsADelivery()
    {
        var queue = NewQueue();
        await _client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("x") { MessageId = "P" });
        var receiver = _client.CreateReceiver(queue);

        var peeked = await receiver.PeekMessageAsync();
        var received = await receiver.ReceiveMessageAsync(Wait);

        Assert.Equal("P", peeked!.MessageId);
        Assert.Equal(0, peeked.DeliveryCount);
        Assert.Equal(1, received!.DeliveryCount);
    }

    [Fact]
    public async Task ScheduleMessage_AppearsAtItsTime_AndACancelledOneNever()
    {
        var queue = NewQueue();
        var sender = _client.CreateSender(queue);
        await sender.ScheduleMessageAsync(new ServiceBusMessage("later") { MessageId = "LATER" }, _time.GetUtcNow().AddMinutes(5));
        var cancelled = await sender.ScheduleMessageAsync(new ServiceBusMessage("never") { MessageId = "NEVER" }, _time.GetUtcNow().AddMinutes(5));
        await sender.CancelScheduledMessageAsync(cancelled);
        var receiver = _client.CreateReceiver(queue);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(300)));

        _time.Advance(TimeSpan.FromMinutes(5));

        var due = await receiver.ReceiveMessageAsync(Wait);
        Assert.Equal("LATER", due!.MessageId);
        Assert.Equal(_time.GetUtcNow(), due.ScheduledEnqueueTime);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Send_WithScheduledEnqueueTime_IsHeldUntilThen()
    {
        var queue = NewQueue();
        await _client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("later") { ScheduledEnqueueTime = _time.GetUtcNow().AddMinutes(1) });

        Assert.Equal((0, 1), (fixture.Broker.Find(queue)!.Count, fixture.Broker.Find(queue)!.ScheduledCount));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.NotNull(await _client.CreateReceiver(queue).ReceiveMessageAsync(Wait));
    }

    [Fact]
    public async Task DuplicateDetection_DropsTheSameMessageIdWithinTheWindowOnly()
    {
        var queue = NewQueue();
        var sender = _client.CreateSender(queue);
        await sender.SendMessageAsync(new ServiceBusMessage("1") { MessageId = "SAME" });
        await sender.SendMessageAsync(new ServiceBusMessage("2") { MessageId = "SAME" });
        Assert.Equal(1, fixture.Broker.Find(queue)!.Count);

        _time.Advance(TimeSpan.FromMinutes(10));
        await sender.SendMessageAsync(new ServiceBusMessage("3") { MessageId = "SAME" });

        Assert.Equal(2, fixture.Broker.Find(queue)!.Count);
    }

    [Fact]
    public async Task TimeToLive_ExpiredMessageGoesToTheDeadLetterQueue()
    {
        var queue = NewQueue();
        await _client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("stale") { MessageId = "STALE", TimeToLive = TimeSpan.FromMinutes(1) });
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(await _client.CreateReceiver(queue).ReceiveMessageAsync(TimeSpan.FromMilliseconds(500)));

        var letter = Assert.Single(await _client.CreateReceiver(queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter }).PeekMessagesAsync(10));
        Assert.Equal(("STALE", "TTLExpiredException"), (letter.MessageId, letter.DeadLetterReason));
    }

    [Fact]
    public async Task UnknownQueue_IsMessagingEntityNotFound()
    {
        var error = await Assert.ThrowsAsync<ServiceBusException>(() => _client.CreateSender("no-such-queue").SendMessageAsync(new ServiceBusMessage("x")));

        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, error.Reason);
    }

    [Fact]
    public async Task Cbs_WrongKey_IsRefused()
    {
        var queue = NewQueue();
        await using var client = new ServiceBusClient(fixture.Broker.ConnectionString(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))), NoRetries);

        var error = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => client.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("x")));

        Assert.Contains("signature does not match", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cbs_ExpiredSignature_IsRefused_AndAValidOneAccepted()
    {
        var queue = NewQueue();
        var now = TimeProvider.System.GetUtcNow();
        await using var expired = new ServiceBusClient(WithSignature(now.AddMinutes(-1)), NoRetries);
        await using var valid = new ServiceBusClient(WithSignature(now.AddMinutes(10)), NoRetries);

        var error = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => expired.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("x")));
        await valid.CreateSender(queue).SendMessageAsync(new ServiceBusMessage("x"));

        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, fixture.Broker.Find(queue)!.Count);
    }

    private static ServiceBusClientOptions NoRetries => new() { RetryOptions = new ServiceBusRetryOptions { MaxRetries = 0 } };

    private string NewQueue(int maxDeliveryCount = 10) => fixture.NewQueue(_time, maxDeliveryCount);

    /// <summary>A connection string carrying a ready-made SAS token (learn.microsoft.com/azure/service-bus-messaging/service-bus-sas).</summary>
    private string WithSignature(DateTimeOffset expires)
    {
        var resource = WebUtility.UrlEncode($"sb://127.0.0.1:{fixture.Broker.Port}/");
        var expiry = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(fixture.Broker.Key), Encoding.UTF8.GetBytes(resource + "\n" + expiry)));
        var token = $"SharedAccessSignature sr={resource}&sig={WebUtility.UrlEncode(signature)}&se={expiry}&skn={Broker.KeyName}";
        return $"Endpoint={fixture.Broker.Endpoint};SharedAccessSignature={token};UseDevelopmentEmulator=true";
    }
}
