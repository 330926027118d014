namespace ChatNetOps.Azure.ServiceBus;

using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ChatNetOps.Core.Queues;
using global::Azure.Identity;
using global::Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;

/// <summary>
/// A queue port over Azure.Messaging.ServiceBus. Sends go through a <see cref="ServiceBusSender"/>: the body is the
/// message as JSON, MessageId is the message's id (so the entity's duplicate detection drops a re-send), CorrelationId
/// the request id, TimeToLive the message's expiry, and the W3C trace context travels in the SDK's
/// <c>Diagnostic-Id</c> application property. <see cref="ConsumeAsync"/> runs a <see cref="ServiceBusProcessor"/>
/// with AutoCompleteMessages off and settles each message explicitly (complete, abandon, dead-letter with reason and
/// description); the SDK renews the lock while the handler runs and raises MessageLockLostAsync when it cannot.
/// <see cref="ReceiveAsync"/> and the dead-letter operations use <see cref="ServiceBusReceiver"/>s (tools and the
/// contract tests). A body that is not a <typeparamref name="TMessage"/> is dead-lettered as MalformedMessage.
/// The lock lasts the entity's LockDuration, whatever a caller asks.
/// </summary>
internal abstract partial class ServiceBusMessageQueue<TMessage> : IMessageQueue<TMessage>, IAsyncDisposable
    where TMessage : class
{
    public const string TraceProperty = "Diagnostic-Id";
    public const string MalformedReason = "MalformedMessage";

    /// <summary>One receive call when the caller will not wait: long enough that a queued message arrives within it on a busy machine.</summary>
    private static readonly TimeSpan NoWaitReceive = TimeSpan.FromSeconds(1);

    /// <summary>The longest single receive call; longer waits are checked against the caller's clock between calls.</summary>
    private static readonly TimeSpan ReceiveSlice = TimeSpan.FromSeconds(1);

    /// <summary>How much shorter than asked a received lock may look (network and clock skew) before it is reported.</summary>
    private static readonly TimeSpan ShortLockTolerance = TimeSpan.FromSeconds(5);

    /// <summary>How long closing a receiver may take at shutdown before its link is left to the connection's close.</summary>
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly ServiceBusClients _clients;
    private readonly JsonTypeInfo<TMessage> _typeInfo;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Held> _held = new(StringComparer.Ordinal);
    private readonly Lazy<ServiceBusReceiver> _receiver;
    private readonly Lazy<ServiceBusReceiver> _deadLetters;
    private readonly ServiceBusClients.QueueState _state;
    private int _shortLockReported;

    protected ServiceBusMessageQueue(ServiceBusClients clients, string queue, JsonTypeInfo<TMessage> typeInfo, TimeProvider time, ILogger logger)
    {
        _clients = clients;
        _typeInfo = typeInfo;
        _time = time;
        _logger = logger;
        QueueName = queue;
        _state = clients.Open(queue);
        _receiver = new(() => clients.Client.CreateReceiver(queue));
        _deadLetters = new(() => clients.Client.CreateReceiver(queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter }));
    }

    public string QueueName { get; }

    protected abstract string Label { get; }

    public async Task EnqueueAsync(TMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = IdOf(message);
        await _clients.Sender(QueueName).SendMessageAsync(ToServiceBusMessage(message, id), cancellationToken);
        Log.ServiceBusSent(_logger, QueueName, id);
    }

    public async Task<QueueLease<TMessage>?> ReceiveAsync(TimeSpan lockDuration, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lockDuration, TimeSpan.Zero);
        var deadline = _time.GetUtcNow() + (wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        do
        {
            ServiceBusReceivedMessage? received;
            try
            {
                received = await _receiver.Value.ReceiveMessageAsync(wait > TimeSpan.Zero ? ReceiveSlice : NoWaitReceive, cancellationToken);
                _state.ReceiveSucceeded();
            }
            catch (Exception e) when (e is ServiceBusException or UnauthorizedAccessException or AuthenticationFailedException or CredentialUnavailableException)
            {
                _state.ReceiveFailed(e, _clients.Time.GetUtcNow());
                throw;
            }

            if (received is null)
            {
                continue;
            }

            if (await ReadOrDeadLetterAsync(received, (reason, description) => _receiver.Value.DeadLetterMessageAsync(received, reason, description, cancellationToken)) is { } lease)
            {
                _held[received.LockToken] = new Held(received, null);
                ReportShortLock(received, lockDuration);
                return lease;
            }
        }
        while (_time.GetUtcNow() < deadline);

        return null;
    }

    public Task<bool> CompleteAsync(QueueLease<TMessage> lease, CancellationToken cancellationToken) =>
        SettleAsync(lease, (receiver, message) => receiver.CompleteMessageAsync(message, cancellationToken), args => args.CompleteMessageAsync(args.Message, cancellationToken));

    public Task AbandonAsync(QueueLease<TMessage> lease, CancellationToken cancellationToken) =>
        SettleAsync(lease, (receiver, message) => receiver.AbandonMessageAsync(message, cancellationToken: cancellationToken), args => args.AbandonMessageAsync(args.Message, cancellationToken: cancellationToken));

    public Task<bool> DeadLetterAsync(QueueLease<TMessage> lease, string reason, string description, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return SettleAsync(
            lease,
            (receiver, message) => receiver.DeadLetterMessageAsync(message, reason, description, cancellationToken),
            args => args.DeadLetterMessageAsync(args.Message, reason, description, cancellationToken));
    }

    public async Task<QueueLease<TMessage>?> RenewAsync(QueueLease<TMessage> lease, TimeSpan lockDuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (!_held.TryGetValue(lease.LockToken, out var held))
        {
            return null;
        }

        if (held.Args is not null)
        {
            // A processor message: the processor renews its lock until the handler settles it.
            return lease with { LockedUntil = held.Message.LockedUntil };
        }

        try
        {
            await _receiver.Value.RenewMessageLockAsync(held.Message, cancellationToken);
            return lease with { LockedUntil = held.Message.LockedUntil };
        }
        catch (ServiceBusException e) when (e.Reason == ServiceBusFailureReason.MessageLockLost)
        {
            _held.TryRemove(lease.LockToken, out _);
            return null;
        }
    }

    public async Task<IReadOnlyList<DeadLetter<TMessage>>> ReadDeadLettersAsync(int max, CancellationToken cancellationToken)
    {
        if (max <= 0)
        {
            return [];
        }

        var letters = new List<DeadLetter<TMessage>>();
        var from = 0L;
        while (letters.Count < max)
        {
            var page = await _deadLetters.Value.PeekMessagesAsync(Math.Min(100, max - letters.Count), from, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var message in page)
            {
                if (TryRead(message, out var body, out _))
                {
                    letters.Add(new DeadLetter<TMessage>(body, message.DeadLetterReason ?? "Unknown", message.DeliveryCount, message.EnqueuedTime)
                    {
                        Description = message.DeadLetterErrorDescription,
                    });
                }
            }

            from = page[^1].SequenceNumber + 1;
        }

        return letters;
    }

    /// <summary>
    /// Receives the dead letter from the dead-letter queue (abandoning the others it passes), sends a copy to the queue
    /// under a new MessageId (the original one would be dropped by duplicate detection), then completes the dead letter.
    /// </summary>
    public async Task<bool> RequeueDeadLetterAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var target = (await FindDeadLetterAsync(id, cancellationToken))?.SequenceNumber;
        if (target is null)
        {
            return false;
        }

        var passed = new List<ServiceBusReceivedMessage>();
        try
        {
            while (true)
            {
                var batch = await _deadLetters.Value.ReceiveMessagesAsync(100, ReceiveSlice, cancellationToken);
                if (batch.Count == 0)
                {
                    return false;
                }

                foreach (var message in batch)
                {
                    if (message.SequenceNumber != target || !TryRead(message, out var body, out _))
                    {
                        passed.Add(message);
                        continue;
                    }

                    await _clients.Sender(QueueName).SendMessageAsync(ToServiceBusMessage(body, $"{id}+requeued-{message.SequenceNumber}"), cancellationToken);
                    await _deadLetters.Value.CompleteMessageAsync(message, cancellationToken);
                    Log.ServiceBusRequeued(_logger, QueueName, id, message.DeadLetterReason ?? "Unknown");
                    return true;
                }
            }
        }
        finally
        {
            foreach (var message in passed)
            {
                await _deadLetters.Value.AbandonMessageAsync(message, cancellationToken: CancellationToken.None);
            }
        }
    }

    public async Task ConsumeAsync(Func<QueueDelivery<TMessage>, CancellationToken, Task<QueueSettlement>> handler, QueueConsumerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        var processor = _clients.Client.CreateProcessor(QueueName, new ServiceBusProcessorOptions
        {
            AutoCompleteMessages = false,
            ReceiveMode = ServiceBusReceiveMode.PeekLock,
            MaxConcurrentCalls = options.MaxConcurrent,
            PrefetchCount = Math.Min(_clients.Options.PrefetchCount, options.MaxConcurrent),
            MaxAutoLockRenewalDuration = options.MaxLockRenewal,
            Identifier = $"{QueueName}-{Environment.ProcessId}",
        });
        var state = _clients.AddConsumer(QueueName, processor);
        processor.ProcessMessageAsync += args =>
        {
            options.Observer?.Received();
            return HandleAsync(args, handler);
        };
        processor.ProcessErrorAsync += args =>
        {
            Log.ServiceBusProcessorError(_logger, args.Exception, QueueName, args.ErrorSource.ToString(), args.EntityPath);
            if (args.ErrorSource == ServiceBusErrorSource.Receive)
            {
                options.Observer?.ReceiveFailed(args.Exception);
            }

            ServiceBusTelemetry.ProcessorErrors.Add(1, new("queue", QueueName), new("source", args.ErrorSource.ToString()));
            if (args.Exception is ServiceBusException error)
            {
                (state.LastError, state.LastErrorAt) = (error, _clients.Time.GetUtcNow());
            }

            return Task.CompletedTask;
        };
        try
        {
            await processor.StartProcessingAsync(cancellationToken);
            Log.ServiceBusConsuming(_logger, QueueName, options.MaxConcurrent, processor.PrefetchCount, options.MaxLockRenewal);
            await Task.Delay(Timeout.InfiniteTimeSpan, _clients.Time, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Waits for running handlers; their messages stay locked until settled or expired.
            await processor.StopProcessingAsync(CancellationToken.None);
            _clients.RemoveConsumer(QueueName);
            await processor.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_receiver.IsValueCreated)
        {
            await CloseAsync(_receiver.Value);
        }

        if (_deadLetters.IsValueCreated)
        {
            await CloseAsync(_deadLetters.Value);
        }
    }

    /// <summary>
    /// Closes a receiver within <see cref="CloseTimeout"/>. Closing drains the link's outstanding credit first
    /// (AmqpReceiver.CloseAsync), and a drain the peer does not answer would otherwise hold shutdown for the whole
    /// operation timeout (a minute). Past the bound the link is left to the connection, which the client closes when
    /// it is disposed; the receiver is not disposed then, because its DisposeAsync would start the same unbounded close.
    /// </summary>
    private async Task CloseAsync(ServiceBusReceiver receiver)
    {
        using var timeout = new CancellationTokenSource(CloseTimeout, _clients.Time);
        try
        {
            await receiver.CloseAsync(timeout.Token);
        }
        catch (Exception e) when (timeout.IsCancellationRequested && e is OperationCanceledException or TimeoutException or ServiceBusException)
        {
            Log.ServiceBusReceiverCloseAbandoned(_logger, QueueName, CloseTimeout);
        }
    }

    /// <summary>The id used for duplicate detection (MessageId) and for finding a dead letter.</summary>
    protected abstract string IdOf(TMessage message);

    protected abstract string? CorrelationIdOf(TMessage message);

    protected abstract string? TraceParentOf(TMessage message);

    protected virtual DateTimeOffset? ExpiresAt(TMessage message) => null;

    /// <summary>The message's Subject (Service Bus Explorer lists it): <see cref="Label"/> unless a queue says more.</summary>
    protected virtual string SubjectOf(TMessage message) => Label;

    private ServiceBusMessage ToServiceBusMessage(TMessage message, string messageId)
    {
        var sent = new ServiceBusMessage(BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(message, _typeInfo)))
        {
            MessageId = messageId,
            CorrelationId = CorrelationIdOf(message),
            Subject = SubjectOf(message),
            ContentType = "application/json",
        };
        if (ExpiresAt(message) is { } expires)
        {
            // Past its expiry a job is worthless; a second is the least the service takes (it then dead-letters it).
            var ttl = expires - _time.GetUtcNow();
            sent.TimeToLive = ttl > TimeSpan.FromSeconds(1) ? ttl : TimeSpan.FromSeconds(1);
        }

        if (TraceParentOf(message) is { } trace)
        {
            sent.ApplicationProperties[TraceProperty] = trace;
        }

        return sent;
    }

    private async Task HandleAsync(ProcessMessageEventArgs args, Func<QueueDelivery<TMessage>, CancellationToken, Task<QueueSettlement>> handler)
    {
        var message = args.Message;
        var lease = await ReadOrDeadLetterAsync(message, (reason, description) => args.DeadLetterMessageAsync(message, reason, description, args.CancellationToken));
        if (lease is null)
        {
            return;
        }

        using var lockLost = new CancellationTokenSource();
        Task OnLockLost(MessageLockLostEventArgs lost)
        {
            Log.ServiceBusLockLost(_logger, QueueName, message.MessageId, lost.Exception?.Message ?? "MaxAutoLockRenewalDuration elapsed");
            lockLost.Cancel();
            return Task.CompletedTask;
        }

        args.MessageLockLostAsync += OnLockLost;
        if (message.LockedUntil <= _clients.Time.GetUtcNow())
        {
            // Expired before the handler began (a slow start or a long prefetch): the SDK raised the event before we listened.
            Log.ServiceBusLockLost(_logger, QueueName, message.MessageId, "the lock expired before the handler started");
            await lockLost.CancelAsync();
        }

        _held[message.LockToken] = new Held(message, args);
        try
        {
            QueueSettlement settlement;
            try
            {
                settlement = await handler(new QueueDelivery<TMessage>(lease, lockLost.Token), args.CancellationToken);
            }
            catch (OperationCanceledException) when (args.CancellationToken.IsCancellationRequested)
            {
                // Stopping: leave the message locked; it is delivered again when the lock expires.
                return;
            }
            catch (Exception e)
            {
                Log.ServiceBusHandlerFailed(_logger, e, QueueName, message.MessageId);
                settlement = QueueSettlement.Abandon;
            }

            try
            {
                switch (settlement)
                {
                    case QueueSettlement.Completed:
                        await args.CompleteMessageAsync(message, CancellationToken.None);
                        break;
                    case QueueSettlement.DeadLettered letter:
                        await args.DeadLetterMessageAsync(message, letter.Reason, letter.Description, CancellationToken.None);
                        break;
                    default:
                        await args.AbandonMessageAsync(message, cancellationToken: CancellationToken.None);
                        break;
                }
            }
            catch (ServiceBusException e) when (e.Reason == ServiceBusFailureReason.MessageLockLost)
            {
                Log.ServiceBusSettleLockLost(_logger, QueueName, message.MessageId, settlement.GetType().Name);
            }
        }
        finally
        {
            // The SDK may still report a lock lost after settlement; the token source is about to be disposed.
            args.MessageLockLostAsync -= OnLockLost;
            _held.TryRemove(message.LockToken, out _);
        }
    }

    private async Task<bool> SettleAsync(QueueLease<TMessage> lease, Func<ServiceBusReceiver, ServiceBusReceivedMessage, Task> byReceiver, Func<ProcessMessageEventArgs, Task> byProcessor)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (!_held.TryRemove(lease.LockToken, out var held))
        {
            return false;
        }

        try
        {
            await (held.Args is { } args ? byProcessor(args) : byReceiver(_receiver.Value, held.Message));
            return true;
        }
        catch (ServiceBusException e) when (e.Reason == ServiceBusFailureReason.MessageLockLost)
        {
            return false;
        }
    }

    /// <summary>The message as a lease, or null after dead-lettering it as MalformedMessage.</summary>
    private async Task<QueueLease<TMessage>?> ReadOrDeadLetterAsync(ServiceBusReceivedMessage message, Func<string, string, Task> deadLetter)
    {
        if (TryRead(message, out var body, out var problem))
        {
            return new QueueLease<TMessage>(body, message.LockToken, message.DeliveryCount, message.LockedUntil);
        }

        Log.ServiceBusBadMessage(_logger, QueueName, message.MessageId, problem);
        await deadLetter(MalformedReason, problem);
        return null;
    }

    private bool TryRead(ServiceBusReceivedMessage message, out TMessage body, out string problem)
    {
        try
        {
            if (JsonSerializer.Deserialize(message.Body.ToMemory().Span, _typeInfo) is { } read)
            {
                (body, problem) = (read, string.Empty);
                return true;
            }

            problem = $"The body is JSON null, not a {typeof(TMessage).Name}.";
        }
        catch (JsonException e)
        {
            problem = $"The body is not a {typeof(TMessage).Name}: {e.Message}";
        }

        body = null!;
        return false;
    }

    /// <summary>
    /// Warns once when the entity locks for noticeably less than the caller renews against (a consumer that renews every
    /// third of a longer lock would lose it between renewals and the message would be processed twice).
    /// </summary>
    private void ReportShortLock(ServiceBusReceivedMessage received, TimeSpan requested)
    {
        var locked = received.LockedUntil - _time.GetUtcNow();
        if (locked + ShortLockTolerance < requested && Interlocked.Exchange(ref _shortLockReported, 1) == 0)
        {
            Log.ServiceBusLockShorterThanAsked(_logger, QueueName, locked, requested);
        }
    }

    private async Task<ServiceBusReceivedMessage?> FindDeadLetterAsync(string id, CancellationToken cancellationToken)
    {
        var from = 0L;
        while (true)
        {
            var page = await _deadLetters.Value.PeekMessagesAsync(100, from, cancellationToken);
            if (page.Count == 0)
            {
                return null;
            }

            if (page.FirstOrDefault(m => TryRead(m, out var body, out _) && string.Equals(IdOf(body), id, StringComparison.Ordinal)) is { } found)
            {
                return found;
            }

            from = page[^1].SequenceNumber + 1;
        }
    }

    /// <summary>A received message this process holds the lock of, and the processor call it came with, if any.</summary>
    private sealed record Held(ServiceBusReceivedMessage Message, ProcessMessageEventArgs? Args);
}
