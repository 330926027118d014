namespace ChatNetOps.Slack.Tests.Inbound;

using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Core.Channels;
using ChatNetOps.Slack.BlockKit;
using ChatNetOps.Slack.Inbound;
using ChatNetOps.Slack.Inbound.Wire;
using ChatNetOps.Slack.Processing;
using ChatNetOps.Slack.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

/// <summary>The ack path when the shared chat state store cannot be consulted: nothing is queued, and nothing is remembered.</summary>
public sealed class SlackInboundHandlerTests
{
    private const string FormId = "0123456789abcdef01234567";

    [Fact]
    public async Task ModalSubmission_WhenTheFormCannotBeRead_IsUnavailable_QueuesNothing_AndRecordsNoRepeat()
    {
        var store = new Mock<IChatStateStore>();
        store.Setup(s => s.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(new TimeoutException("injected"));
        var (handler, queue) = Handler(store.Object);

        var ack = await handler.HandleInteractionAsync(Submission());

        Assert.IsType<SlackAck.Unavailable>(ack);
        Assert.False(queue.Reader.TryRead(out _));
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
        Assert.False(queue.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Event_WhenTheRepeatCheckFails_IsUnavailable_AndQueuesNothing()
    {
        var store = new Mock<IChatStateStore>();
        store.Setup(s => s.TryAddAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TimeoutException("injected"));
        var (handler, queue) = Handler(store.Object);
        var envelope = SignedRequests.MessageEvent("Ev0DOWN0001", "app_mention", "U0ALICE0001", "C0INC1001", "<@U0BOT00000> runbooks")
            .Deserialize(SlackJsonContext.Default.EventEnvelope)!;

        var ack = await handler.HandleEventAsync(envelope, null);

        Assert.IsType<SlackAck.Unavailable>(ack);
        Assert.False(queue.Reader.TryRead(out _));
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
        Assert.False(queue.Reader.TryRead(out _));
        store.VerifyNoOtherCalls();
    }

    private static (SlackInboundHandler Handler, SlackWorkQueue Queue) Handler(IChatStateStore store)
    {
        var time = new FakeTimeProvider();
        var queue = new SlackWorkQueue();
        var forms = new FormStore(store, time, Options.Create(new SlackOptions()));
        var handler = new SlackInboundHandler(queue, new SlackDeduplicator(store, time), forms, NullLogger<SlackInboundHandler>.Instance);
        return (handler, queue);
    }

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
}
