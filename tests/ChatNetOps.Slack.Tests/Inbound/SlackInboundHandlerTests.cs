namespace ChatNetOps.Slack.Tests.Inbound;

using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Queues;
using ChatNetOps.Slack.BlockKit;
using ChatNetOps.Slack.Inbound;
using ChatNetOps.Slack.Inbound.Wire;
using ChatNetOps.Slack.Processing;
using ChatNetOps.Slack.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

/// <summary>
/// The ack path: what is acknowledged is on the durable work queue first; when the shared chat state store or the queue
/// cannot be used, nothing is queued and nothing is lost (Slack's retry is queued once the fault is gone).
/// </summary>
public sealed class SlackInboundHandlerTests : IDisposable
{
    private const string FormId = "0123456789abcdef01234567";
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly SqliteChatStateFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task ModalSubmission_WhenTheFormCannotBeRead_IsUnavailable_QueuesNothing_AndRecordsNoRepeat()
    {
        var store = new Mock<IChatStateStore>();
        store.Setup(s => s.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(new TimeoutException("injected"));
        var (handler, queue) = Handler(store.Object);

        var ack = await handler.HandleInteractionAsync(Submission());

        Assert.IsType<SlackAck.Unavailable>(ack);
        queue.Verify(q => q.EnqueueAsync(It.IsAny<ChatWorkMessage>(), It.IsAny<CancellationToken>()), Times.Never);
        store.Verify(s => s.TryAddAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task ModalSubmission_WhenTheRepeatCheckFails_IsUnavailable_AndQueuesNothing()
    {
        var form = new CardForm(FormId, "reject", new JsonObject { ["requestId"] = "REQ-1" }, "Reject", "Reject") { UsesInputs = true };
        var store = new Mock<IChatStateStore>();
        store.Setup(s => s.GetAsync(FormStore.KeyPrefix + FormId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(JsonSerializer.Serialize(form, SlackJsonContext.Default.CardForm));
        store.Setup(s => s.TryAddAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TimeoutException("injected"));
        var (handler, queue) = Handler(store.Object);

        var ack = await handler.HandleInteractionAsync(Submission());

        Assert.IsType<SlackAck.Unavailable>(ack);
        queue.Verify(q => q.EnqueueAsync(It.IsAny<ChatWorkMessage>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Event_WhenTheRepeatCheckFails_IsUnavailable_AndQueuesNothing()
    {
        var store = new Mock<IChatStateStore>();
        store.Setup(s => s.TryAddAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TimeoutException("injected"));
        var (handler, queue) = Handler(store.Object);

        var ack = await handler.HandleEventAsync(Mention("Ev0DOWN0001"), null);

        Assert.IsType<SlackAck.Unavailable>(ack);
        queue.Verify(q => q.EnqueueAsync(It.IsAny<ChatWorkMessage>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Event_ThatNeedsNoWork_IsAcceptedWithoutTouchingTheStore()
    {
        var store = new Mock<IChatStateStore>();
        var (handler, queue) = Handler(store.Object);
        var envelope = SignedRequests.MessageEvent("Ev0CHATTER1", "message", "U0ALICE0001", "C0INC1001", "just chatting")
            .Deserialize(SlackJsonContext.Default.EventEnvelope)!;

        var ack = await handler.HandleEventAsync(envelope, null);

        Assert.IsType<SlackAck.Accepted>(ack);
        queue.VerifyNoOtherCalls();
        store.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Event_IsOnTheDurableQueue_BeforeItIsAcknowledged_AndARetryIsNotQueuedAgain()
    {
        var time = new FakeTimeProvider();
        var (state, queue) = _file.OpenWithQueue(time);
        var handler = Handler(state, queue, time);

        Assert.IsType<SlackAck.Accepted>(await handler.HandleEventAsync(Mention("Ev0DURABLE1"), null));
        Assert.IsType<SlackAck.Accepted>(await handler.HandleEventAsync(Mention("Ev0DURABLE1"), "1"));

        // Another process on the same file (the host restarted) finds it there.
        var (_, restarted) = _file.OpenWithQueue(time);
        var lease = await restarted.ReceiveAsync(TimeSpan.FromSeconds(30), TimeSpan.Zero, Ct);
        Assert.NotNull(lease);
        Assert.Equal(SlackWorkInbox.WorkId("ev:Ev0DURABLE1"), lease.Message.WorkId);
        Assert.Equal("slack", lease.Message.Platform);
        var work = Assert.IsType<SlackWork.Message>(JsonSerializer.Deserialize(lease.Message.Body, SlackWorkJsonContext.Default.SlackWork));
        Assert.Equal("<@U0BOT00000> runbooks", work.Event.Text);
        Assert.Equal(time.GetUtcNow() + new SlackOptions().WorkLifetime, lease.Message.ExpiresAt);
        Assert.Null(await restarted.ReceiveAsync(TimeSpan.FromSeconds(30), TimeSpan.Zero, Ct));
    }

    [Fact]
    public async Task Event_WhenTheQueueFails_IsUnavailable_AndSlacksRetryIsQueuedOnce()
    {
        var time = new FakeTimeProvider();
        var (state, real) = _file.OpenWithQueue(time);
        var queue = new FirstEnqueueFails(real);
        var handler = Handler(state, queue, time);

        Assert.IsType<SlackAck.Unavailable>(await handler.HandleEventAsync(Mention("Ev0QDOWN001"), null));
        Assert.Null(await real.ReceiveAsync(TimeSpan.FromSeconds(30), TimeSpan.Zero, Ct));

        // The key was recorded before the queue failed; Slack's retry is queued in the first delivery's place, once.
        Assert.IsType<SlackAck.Accepted>(await handler.HandleEventAsync(Mention("Ev0QDOWN001"), "1"));
        Assert.IsType<SlackAck.Accepted>(await handler.HandleEventAsync(Mention("Ev0QDOWN001"), "2"));

        var lease = await real.ReceiveAsync(TimeSpan.FromSeconds(30), TimeSpan.Zero, Ct);
        Assert.Equal(SlackWorkInbox.WorkId("ev:Ev0QDOWN001"), lease?.Message.WorkId);
        Assert.Null(await real.ReceiveAsync(TimeSpan.FromSeconds(30), TimeSpan.Zero, Ct));
        Assert.Equal(2, queue.Enqueues);
    }

    [Fact]
    public async Task Command_IsAnsweredWorkingOnIt_AndItsReplayIsAnsweredEmpty()
    {
        var time = new FakeTimeProvider();
        var (state, queue) = _file.OpenWithQueue(time);
        var handler = Handler(state, queue, time);
        var command = new SlashCommand("/netops", "runbooks", "U0ALICE0001", "C0INC1001") { TriggerId = "1.2.3" };

        var first = Assert.IsType<SlackAck.Working>(await handler.HandleCommandAsync(command, "v0=abc"));
        var replay = await handler.HandleCommandAsync(command, "v0=abc");

        Assert.Equal("Working on `/netops runbooks`…", first.Response.Text);
        Assert.IsType<SlackAck.Accepted>(replay);
        Assert.NotNull(await queue.ReceiveAsync(TimeSpan.FromSeconds(30), TimeSpan.Zero, Ct));
        Assert.Null(await queue.ReceiveAsync(TimeSpan.FromSeconds(30), TimeSpan.Zero, Ct));
    }

    private static (SlackInboundHandler Handler, Mock<IChatWorkQueue> Queue) Handler(IChatStateStore store)
    {
        var queue = new Mock<IChatWorkQueue>();
        return (Handler(store, queue.Object, new FakeTimeProvider()), queue);
    }

    private static SlackInboundHandler Handler(IChatStateStore store, IChatWorkQueue queue, TimeProvider time)
    {
        var options = Options.Create(new SlackOptions());
        var inbox = new SlackWorkInbox(queue, new SlackDeduplicator(store, time), time, options, NullLogger<SlackWorkInbox>.Instance);
        return new SlackInboundHandler(inbox, new FormStore(store, time, options), NullLogger<SlackInboundHandler>.Instance);
    }

    private static EventEnvelope Mention(string eventId) =>
        SignedRequests.MessageEvent(eventId, "app_mention", "U0ALICE0001", "C0INC1001", "<@U0BOT00000> runbooks")
            .Deserialize(SlackJsonContext.Default.EventEnvelope)!;

    private static InteractionPayload Submission() =>
        new(InteractionPayload.ViewSubmission)
        {
            User = new SlackUserRef("U0CAROL0003") { Name = "carol" },
            View = new InteractionView("V0MODAL001")
            {
                Hash = "h1",
                CallbackId = BlockKitRenderer.FormCallbackId,
                PrivateMetadata = JsonSerializer.Serialize(new FormMetadata(FormId) { Channel = "C0INC1001" }, SlackJsonContext.Default.FormMetadata),
            },
        };

    /// <summary>The real queue, except that its first enqueue fails as an unreachable queue's would.</summary>
    private sealed class FirstEnqueueFails(IChatWorkQueue real) : IChatWorkQueue
    {
        private int _enqueues;

        public int Enqueues => _enqueues;

        public Task EnqueueAsync(ChatWorkMessage message, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _enqueues) == 1
                ? Task.FromException(new TimeoutException("The queue did not answer (injected fault)."))
                : real.EnqueueAsync(message, cancellationToken);

        public Task<QueueLease<ChatWorkMessage>?> ReceiveAsync(TimeSpan lockDuration, TimeSpan wait, CancellationToken cancellationToken) =>
            real.ReceiveAsync(lockDuration, wait, cancellationToken);

        public Task<bool> CompleteAsync(QueueLease<ChatWorkMessage> lease, CancellationToken cancellationToken) => real.CompleteAsync(lease, cancellationToken);

        public Task AbandonAsync(QueueLease<ChatWorkMessage> lease, CancellationToken cancellationToken) => real.AbandonAsync(lease, cancellationToken);

        public Task<QueueLease<ChatWorkMessage>?> RenewAsync(QueueLease<ChatWorkMessage> lease, TimeSpan lockDuration, CancellationToken cancellationToken) =>
            real.RenewAsync(lease, lockDuration, cancellationToken);

        public Task<IReadOnlyList<DeadLetter<ChatWorkMessage>>> ReadDeadLettersAsync(int max, CancellationToken cancellationToken) =>
            real.ReadDeadLettersAsync(max, cancellationToken);

        public Task<bool> DeadLetterAsync(QueueLease<ChatWorkMessage> lease, string reason, string description, CancellationToken cancellationToken) =>
            real.DeadLetterAsync(lease, reason, description, cancellationToken);

        public Task<bool> RequeueDeadLetterAsync(string id, CancellationToken cancellationToken) => real.RequeueDeadLetterAsync(id, cancellationToken);

        public Task ConsumeAsync(Func<QueueDelivery<ChatWorkMessage>, CancellationToken, Task<QueueSettlement>> handler, QueueConsumerOptions options, CancellationToken cancellationToken) =>
            real.ConsumeAsync(handler, options, cancellationToken);
    }
}
