namespace ChatNetOps.Testing.Queues;

using ChatNetOps.Core.Queues;
using Microsoft.Extensions.Time.Testing;

/// <summary>The <see cref="IChatWorkQueue"/> contract: the peek-lock contract plus the work's expiry and its opaque body kept verbatim.</summary>
public abstract class ChatWorkQueueContract : MessageQueueContract<ChatWorkMessage>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [SkippableFact]
    public async Task Receive_WorkPastItsExpiry_IsNotDelivered()
    {
        var time = NewClock();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(Work("slack-stale", time) with { ExpiresAt = time.GetUtcNow().AddMinutes(1) }, Ct);
        await queue.EnqueueAsync(Work("slack-fresh", time), Ct);
        await AdvanceAsync(time, TimeSpan.FromMinutes(2));

        var lease = await queue.ReceiveAsync(TimeSpan.FromSeconds(30), TimeSpan.Zero, Ct);

        Assert.Equal("slack-fresh", lease?.Message.WorkId);
        Assert.Null(await queue.ReceiveAsync(TimeSpan.FromSeconds(30), TimeSpan.Zero, Ct));
    }

    [SkippableFact]
    public async Task Receive_ReturnsTheBodyVerbatim()
    {
        var time = NewClock();
        var queue = await CreateQueueAsync(time, 10);
        const string body = """{"kind":"command","slash":{"text":"run x device=\"a b\" \u00e9 <ok> & done"}}""";
        await queue.EnqueueAsync(Work("slack-body", time) with { Body = body }, Ct);

        var lease = await queue.ReceiveAsync(TimeSpan.FromSeconds(30), TimeSpan.Zero, Ct);

        Assert.Equal(body, lease?.Message.Body);
    }

    protected override ChatWorkMessage NewMessage(string id, FakeTimeProvider time) => Work(id, time);

    protected override string IdOf(ChatWorkMessage message) => message.WorkId;

    private static ChatWorkMessage Work(string id, FakeTimeProvider time) =>
        new(id, "slack", "slash_command", """{"kind":"command"}""", time.GetUtcNow().ToOffset(TimeSpan.FromHours(2)), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        {
            ExpiresAt = time.GetUtcNow().AddDays(1),
        };
}
