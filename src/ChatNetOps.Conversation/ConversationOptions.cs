namespace ChatNetOps.Conversation;

using System.ComponentModel.DataAnnotations;

/// <summary>Where the card templates are, and how long news of a request waits for its card. Bound from <c>Conversation</c>.</summary>
public sealed class ConversationOptions
{
    public const string SectionName = "Conversation";

    /// <summary>The cards/ directory; null finds it beside the app or above the working directory.</summary>
    public string? CardsDirectory { get; set; }

    /// <summary>
    /// How long after a request was asked in chat its status changes and result wait for the adapter to post the request's
    /// card (so nobody sees a result before its request); zero posts them at once. Default 30 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RequestCardWait { get; set; } = TimeSpan.FromSeconds(30);
}
