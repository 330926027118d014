namespace ChatNetOps.Slack.WebApi;

/// <summary>
/// Slack's published per-method, per-workspace minimums. We stay at or under them with a sliding window: at most
/// <see cref="Calls"/> calls in any <see cref="Window"/>. chat.postMessage is "special": about one message per second
/// per channel, here 5 in any 5 seconds per channel.
/// </summary>
internal sealed record RateTier(string Name, int Calls, TimeSpan Window)
{
    public static RateTier Tier1 { get; } = new("Tier 1", 1, TimeSpan.FromMinutes(1));

    public static RateTier Tier2 { get; } = new("Tier 2", 20, TimeSpan.FromMinutes(1));

    public static RateTier Tier3 { get; } = new("Tier 3", 50, TimeSpan.FromMinutes(1));

    public static RateTier Tier4 { get; } = new("Tier 4", 100, TimeSpan.FromMinutes(1));

    /// <summary>chat.postMessage per channel: one per second, with a short burst allowed.</summary>
    public static RateTier PostMessagePerChannel { get; } = new("Special (per channel)", 5, TimeSpan.FromSeconds(5));

    /// <summary>Not a Web API method: response_url webhooks are limited by use count (5 in 30 minutes), not rate.</summary>
    public static RateTier Unlimited { get; } = new("none", int.MaxValue, TimeSpan.Zero);

    public static RateTier For(string method) => method switch
    {
        SlackMethods.PostMessage => PostMessagePerChannel,
        SlackMethods.Update => Tier3,
        SlackMethods.PostEphemeral => Tier4,
        SlackMethods.ViewsOpen => Tier4,
        SlackMethods.UsersInfo => Tier4,
        SlackMethods.ConversationsInfo => Tier3,
        SlackMethods.FilesGetUploadUrlExternal => Tier4,
        SlackMethods.FilesCompleteUploadExternal => Tier4,

        // Tier 1 per the java SDK's table; a burst of a few reconnects is tolerated in practice.
        SlackMethods.ConnectionsOpen => new RateTier("Tier 1 (burst 5)", 5, TimeSpan.FromMinutes(1)),
        _ => Tier3,
    };
}
