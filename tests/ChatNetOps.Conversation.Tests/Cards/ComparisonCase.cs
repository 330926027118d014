using System.Text.Json.Nodes;

namespace ChatNetOps.Conversation.Tests.Cards;

/// <summary>One template + data rendered by both engines.</summary>
public sealed class ComparisonCase(string name, JsonNode template, JsonNode? data, bool isCard)
{
    public string Name { get; } = name;

    public JsonNode Template { get; } = template;

    public JsonNode? Data { get; } = data;

    public bool IsCard { get; } = isCard;

    public JsonNode? Ours { get; set; }

    /// <summary>Our expansion as the bot sends it: its text made literal (<see cref="ChatNetOps.Conversation.Cards.CardText.MakeLiteral"/>).</summary>
    public JsonNode? Sent { get; set; }

    public string? OurError { get; set; }

    public JsonNode? Npm { get; set; }

    public string? NpmError { get; set; }

    public List<string>? ValidationErrors { get; set; }

    public override string ToString() => Name;
}
