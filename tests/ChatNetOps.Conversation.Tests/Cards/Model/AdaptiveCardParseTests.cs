namespace ChatNetOps.Conversation.Tests.Cards.Model;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Cards.Model;
using ChatNetOps.Conversation.Tests.Cards;
using E = ChatNetOps.Conversation.Cards.Model.AdaptiveElement;

public sealed class AdaptiveCardParseTests
{
    private static readonly CardTemplates Templates = CardTemplates.Load(RepoPaths.CardsDirectory);

    public static TheoryData<string> Cases => [.. CardDataSets.All().Select(c => c.Case)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryCardAndDataSet_ParsesWithoutUnknownElementsOrActions(string caseName)
    {
        var (_, template, data) = CardDataSets.All().Single(c => c.Case == caseName);

        var card = AdaptiveCard.Parse(Templates.Render(template, data));

        Assert.NotEmpty(card.Body);
        Assert.DoesNotContain(Flatten(card), e => e is E.Unknown);
        Assert.DoesNotContain(Actions(card), a => a is AdaptiveAction.Unknown);
    }

    [Fact]
    public void UnknownElement_WithoutFallback_IsKeptAsUnknown_DropFallbackLeavesItOut_ObjectFallbackTakesItsPlace()
    {
        var card = Parse("""
            {"type":"AdaptiveCard","body":[
              {"type":"Media","id":"m"},
              {"type":"Chart","fallback":"drop"},
              {"type":"Carousel","separator":true,"fallback":{"type":"TextBlock","text":"fallback text"}},
              {"type":"Carousel","isVisible":false,"fallback":{"type":"Rating","fallback":{"type":"TextBlock","text":"second level"}}},
              {"text":"no type"}
            ]}
            """);

        Assert.Equal(4, card.Body.Count);
        Assert.Equal(new E.Unknown("Media") { Id = "m" }, card.Body[0]);
        var fallback = Assert.IsType<E.TextBlock>(card.Body[1]);
        Assert.Equal(("fallback text", true), (fallback.Text, fallback.Separator));
        var nested = Assert.IsType<E.TextBlock>(card.Body[2]);
        Assert.Equal(("second level", false), (nested.Text, nested.IsVisible));
        Assert.Equal(string.Empty, Assert.IsType<E.Unknown>(card.Body[3]).Type);
    }

    [Fact]
    public void CodeBlock_IsSupported_SoItsFallbackIsNotRead()
    {
        var card = Parse("""{"body":[{"type":"CodeBlock","codeSnippet":"a\n  b","language":"PlainText","fallback":{"type":"TextBlock","text":"x"}}]}""");

        Assert.Equal("a\n  b", Assert.IsType<E.CodeBlock>(Assert.Single(card.Body)).Snippet);
    }

    [Fact]
    public void ColumnsAreContainers_StylesAndTextPropertiesAreTyped()
    {
        var card = Parse("""
            {"body":[{"type":"ColumnSet","columns":[{"type":"Column","style":"GOOD","items":[
              {"type":"TextBlock","text":"t","size":"extraLarge","weight":"Bolder","color":"attention","fontType":"monospace","style":"heading"},
              {"type":"TextBlock","text":7,"size":"huge","color":"purple"}]}]}]}
            """);

        var column = Assert.Single(Assert.IsType<E.ColumnSet>(Assert.Single(card.Body)).Columns);
        Assert.Equal(ContainerStyle.Good, column.Style);
        Assert.Equal(new E.TextBlock("t") { Size = TextSize.ExtraLarge, Bolder = true, Color = TextColor.Attention, Monospace = true, IsHeading = true }, column.Items[0]);
        Assert.Equal(new E.TextBlock("7"), column.Items[1]);
    }

    [Fact]
    public void Inputs_AreTypedWithTheirOwnProperties()
    {
        var card = Parse("""
            {"body":[
              {"type":"Input.Text","id":"t","label":"T","isRequired":true,"regex":"^a$","maxLength":5,"isMultiline":true,"value":"a","errorMessage":"e"},
              {"type":"Input.Number","id":"n","min":1,"max":"10","value":3},
              {"type":"Input.ChoiceSet","id":"c","choices":[{"title":"One","value":"1"},{"value":"2"},{"title":"none"}]},
              {"type":"Input.Toggle","id":"g","title":"On?","valueOn":"yes"},
              {"type":"Input.Date","id":"d"},
              {"type":"Input.Rating","id":"r"}
            ]}
            """);

        Assert.Equal(new E.TextInput { Id = "t", Label = "T", IsRequired = true, Regex = "^a$", MaxLength = 5, IsMultiline = true, Value = "a", ErrorMessage = "e" }, card.Body[0]);
        Assert.Equal(new E.NumberInput { Id = "n", Min = 1, Max = 10, Value = "3" }, card.Body[1]);
        Assert.Equal([new Choice("One", "1"), new Choice("2", "2"), new Choice("none", string.Empty)], Assert.IsType<E.ChoiceSetInput>(card.Body[2]).Choices);
        Assert.Equal(("On?", "yes", "false"), Assert.IsType<E.ToggleInput>(card.Body[3]) is var toggle ? (toggle.Title, toggle.ValueOn, toggle.ValueOff) : default);
        Assert.IsType<E.DateInput>(card.Body[4]);
        Assert.Equal("Input.Rating", Assert.IsType<E.Unknown>(card.Body[5]).Type);
    }

    [Fact]
    public void Actions_CarryVerbDataAndInputUse_SubmitTakesItsVerbFromItsData()
    {
        var card = Parse("""
            {"body":[{"type":"ActionSet","actions":[{"type":"Action.OpenUrl","title":"Docs","url":"https://example.com"}]}],
             "actions":[
              {"type":"Action.Execute","title":"Approve","verb":"approve","associatedInputs":"None","style":"positive","data":{"requestId":"R-1"}},
              {"type":"Action.Submit","title":"Save","data":{"verb":"save"}},
              {"type":"Action.Submit","id":"plain","data":"text"},
              {"type":"Action.ToggleVisibility","targetElements":["a",{"elementId":"b"}],"isEnabled":false},
              {"type":"Action.ShowCard","card":{"body":[{"type":"TextBlock","text":"inner"}]}},
              {"type":"Action.Http"}
            ]}
            """);

        Assert.Equal(new AdaptiveAction.OpenUrl("https://example.com") { Title = "Docs" }, Assert.Single(Assert.IsType<E.ActionSet>(Assert.Single(card.Body)).Actions));
        var approve = Assert.IsType<AdaptiveAction.Execute>(card.Actions[0]);
        Assert.Equal(("Action.Execute", "approve", false, ActionStyle.Positive, "R-1"), (approve.Type, approve.Verb, approve.AssociatesInputs, approve.Style, (string?)approve.Data["requestId"]));
        Assert.Equal(("Action.Submit", "save", true), Assert.IsType<AdaptiveAction.Execute>(card.Actions[1]) is var save ? (save.Type, save.Verb, save.AssociatesInputs) : default);
        var plain = Assert.IsType<AdaptiveAction.Execute>(card.Actions[2]);
        Assert.Equal(("plain", "text"), (plain.Verb, (string?)plain.Data["value"]));
        var toggle = Assert.IsType<AdaptiveAction.ToggleVisibility>(card.Actions[3]);
        Assert.Equal(["a", "b"], toggle.TargetElements);
        Assert.False(toggle.IsEnabled);
        Assert.Equal("inner", Assert.IsType<E.TextBlock>(Assert.Single(Assert.IsType<AdaptiveAction.ShowCard>(card.Actions[4]).Card.Body)).Text);
        Assert.Equal("Action.Http", Assert.IsType<AdaptiveAction.Unknown>(card.Actions[5]).Type);
    }

    [Fact]
    public void ActionData_IsACopy_NotTheCardsOwnObject()
    {
        var json = JsonNode.Parse("""{"actions":[{"type":"Action.Execute","verb":"v","data":{"k":"card"}}]}""")!.AsObject();

        var execute = Assert.IsType<AdaptiveAction.Execute>(Assert.Single(AdaptiveCard.Parse(json).Actions));
        execute.Data["k"] = "changed";

        Assert.Equal("card", (string?)json["actions"]![0]!["data"]!["k"]);
    }

    [Fact]
    public void DeepNesting_IsCutAtMaxDepth_WithoutOverflowingTheStack()
    {
        JsonObject element = new() { ["type"] = "TextBlock", ["text"] = "leaf" };
        for (var i = 0; i < 5000; i++)
        {
            element = new JsonObject { ["type"] = "Container", ["items"] = new JsonArray(element) };
        }

        var card = AdaptiveCard.Parse(new JsonObject { ["body"] = new JsonArray(element) });

        var depth = 0;
        for (AdaptiveElement? e = Assert.Single(card.Body); e is E.Container c; e = c.Items.SingleOrDefault())
        {
            depth++;
        }

        Assert.Equal(32, depth);
    }

    private static AdaptiveCard Parse(string json) => AdaptiveCard.Parse(JsonNode.Parse(json)!.AsObject());

    private static IEnumerable<AdaptiveElement> Flatten(AdaptiveCard card) => card.Body.SelectMany(Flatten).Concat(Actions(card).OfType<AdaptiveAction.ShowCard>().SelectMany(s => Flatten(s.Card)));

    private static IEnumerable<AdaptiveElement> Flatten(AdaptiveElement element) => element switch
    {
        E.Container c => c.Items.SelectMany(Flatten).Prepend(c),
        E.ColumnSet s => s.Columns.SelectMany(Flatten).Prepend(s),
        _ => [element],
    };

    private static IEnumerable<AdaptiveAction> Actions(AdaptiveCard card) =>
        card.Actions.Concat(card.Body.SelectMany(Flatten).OfType<E.ActionSet>().SelectMany(a => a.Actions));
}
