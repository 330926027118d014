namespace ChatNetOps.Teams.Invoke;

using System.Text.Json.Nodes;

/// <summary>
/// The Universal Actions answer to <c>adaptiveCard/action</c>, always sent with HTTP 200: a card that replaces the
/// pressed one in the presser's client, a message shown to them, or an error.
/// </summary>
internal sealed record AdaptiveCardInvokeResponse(int StatusCode, string Type, JsonNode? Value)
{
    public const string CardType = "application/vnd.microsoft.card.adaptive";
    public const string MessageType = "application/vnd.microsoft.activity.message";
    public const string ErrorType = "application/vnd.microsoft.error";

    public static AdaptiveCardInvokeResponse Card(JsonObject card) => new(200, CardType, card);

    public static AdaptiveCardInvokeResponse Message(string text) => new(200, MessageType, JsonValue.Create(text));

    public static AdaptiveCardInvokeResponse Error(int statusCode, string code, string message) =>
        new(statusCode, ErrorType, new JsonObject { ["code"] = code, ["message"] = message });
}
