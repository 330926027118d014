namespace ChatNetOps.Conversation.Cards.Model;

using System.Text.Json.Nodes;

/// <summary>
/// A bound Adaptive Card as the renderers that are not Adaptive Card hosts read it (the console's
/// <see cref="Rendering.PlainTextRenderer"/>, Slack's Block Kit renderer): one record per element and action we support,
/// parsed once from the card JSON by <see cref="Parse"/>. Teams is a host and gets the JSON itself.
/// </summary>
/// <param name="Body">The card's <c>body</c>.</param>
/// <param name="Actions">The card's <c>actions</c> (buttons under the body).</param>
public sealed record AdaptiveCard(IReadOnlyList<AdaptiveElement> Body, IReadOnlyList<AdaptiveAction> Actions)
{
    /// <summary>
    /// Reads a bound card. An element of a type we do not support is replaced by its <c>fallback</c> element, left out
    /// when its fallback is <c>"drop"</c>, and otherwise kept as <see cref="AdaptiveElement.Unknown"/>, so renderers can
    /// say that something is not shown. Nesting deeper than <see cref="AdaptiveCardParser.MaxDepth"/> is left out.
    /// </summary>
    public static AdaptiveCard Parse(JsonObject card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return AdaptiveCardParser.Parse(card);
    }
}
