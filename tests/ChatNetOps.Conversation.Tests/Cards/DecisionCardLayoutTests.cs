namespace ChatNetOps.Conversation.Tests.Cards;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;

/// <summary>
/// Issue 17's "one template per decision kind, mobile-friendly": each kind of the one approval engine (runbook run,
/// rollback confirmation, change-window acknowledgement, severity confirmation) has its own card, and each reads on a
/// phone about 320 px wide: facts in a <c>FactSet</c> (Teams stacks title over value when narrow), everything else
/// stacked top to bottom — no <c>ColumnSet</c> or <c>Table</c> (side-by-side columns squeeze to a few characters each),
/// no pixel widths, and every text block that binds data wraps instead of being cut at the screen's edge.
/// </summary>
public sealed class DecisionCardLayoutTests
{
    private static readonly string[] Kinds = [CardNames.ApprovalRequest, CardNames.RollbackConfirmation, CardNames.ChangeWindow, CardNames.SeverityConfirmation];

    public static TheoryData<string> DecisionCards => new(Kinds);

    [Fact]
    public void EveryDecisionKind_HasATemplateOfItsOwn()
    {
        var cards = Kinds;
        Assert.Equal(cards.Length, cards.Distinct(StringComparer.Ordinal).Count());
        Assert.All(cards, c => Assert.Contains(c, CardNames.All));
        Assert.Equal(Enum.GetValues<Core.Requests.DecisionKind>().Length, cards.Length);
    }

    [Theory]
    [MemberData(nameof(DecisionCards))]
    public void DecisionCard_StacksForANarrowScreen(string name)
    {
        var template = CardDataSets.Template(name);
        var elements = Walk(template).ToList();

        Assert.DoesNotContain(elements, e => (string?)e["type"] is "ColumnSet" or "Column" or "Table");
        Assert.DoesNotContain(elements, e => e["width"] is JsonValue w && w.ToString().EndsWith("px", StringComparison.OrdinalIgnoreCase));
        var unwrapped = elements.Where(e => (string?)e["type"] == "TextBlock" && ((string?)e["text"])?.Contains("${", StringComparison.Ordinal) == true && (bool?)e["wrap"] != true)
            .Select(e => (string?)e["text"]).ToList();
        Assert.True(unwrapped.Count == 0, $"{name}: text blocks binding data that do not wrap: {string.Join(" | ", unwrapped)}");
        Assert.Contains(elements, e => (string?)e["type"] == "FactSet");

        // Rendered with each of its data sets, the card keeps that shape.
        foreach (var (_, _, data) in CardDataSets.All().Where(c => c.Template == name))
        {
            var card = CardTemplates.Load(RepoPaths.CardsDirectory).Render(name, data);
            Assert.DoesNotContain(Walk(card), e => (string?)e["type"] is "ColumnSet" or "Table");
        }
    }

    private static IEnumerable<JsonObject> Walk(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.Select(p => p.Value).SelectMany(Walk)),
        JsonArray a => a.SelectMany(Walk),
        _ => [],
    };
}
