namespace ChatNetOps.Slack.Processing;

/// <summary>A <see cref="ReplyContext"/> as it is kept with queued replies (a trigger_id is single-use and short-lived, so it is not kept).</summary>
internal sealed record ReplyAddress(string Channel, string UserId, string? ThreadTs, string? ResponseUrl, bool UseResponseUrl)
{
    public static ReplyAddress Of(ReplyContext reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return new ReplyAddress(reply.Channel, reply.UserId, reply.ThreadTs, reply.ResponseUrl, reply.UseResponseUrl);
    }

    public ReplyContext ToContext() => new(Channel, UserId, ThreadTs, ResponseUrl, UseResponseUrl);
}
