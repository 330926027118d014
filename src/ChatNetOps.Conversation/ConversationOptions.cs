namespace ChatNetOps.Conversation;

/// <summary>Where the card templates are. Bound from <c>Conversation</c>.</summary>
public sealed class ConversationOptions
{
    public const string SectionName = "Conversation";

    /// <summary>The cards/ directory; null finds it beside the app or above the working directory.</summary>
    public string? CardsDirectory { get; set; }
}
