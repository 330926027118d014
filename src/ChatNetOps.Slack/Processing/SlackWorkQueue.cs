namespace ChatNetOps.Slack.Processing;

using System.Threading.Channels;

/// <summary>The hand-off between acknowledging a Slack request and processing it (bounded; never blocks the ack).</summary>
internal sealed class SlackWorkQueue
{
    public const int Capacity = 10_000;

    private readonly Channel<SlackWork> _channel = Channel.CreateBounded<SlackWork>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = false,
        SingleWriter = false,
    });

    public bool TryEnqueue(SlackWork work) => _channel.Writer.TryWrite(work);

    public ChannelReader<SlackWork> Reader => _channel.Reader;
}
