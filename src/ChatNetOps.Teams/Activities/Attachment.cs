namespace ChatNetOps.Teams.Activities;

using System.Text.Json.Nodes;

internal sealed record Attachment(string ContentType, JsonNode? Content)
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    public static Attachment AdaptiveCard(JsonObject card) => new(AdaptiveCardContentType, card);
}
