namespace ChatNetOps.Conversation.Tests.Rendering;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Conversation.Tests.Cards;

public sealed class PlainTextRendererTests
{
    private static readonly CardTemplates Templates = CardTemplates.Load(RepoPaths.CardsDirectory);

    public static TheoryData<string> CardsWithSampleData()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(RepoPaths.CardsDirectory, "*.data.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path)[..^".data.json".Length]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CardsWithSampleData))]
    public void EveryCard_RendersAsReadableTextWithEveryFactAndNoBindings(string name)
    {
        var card = Templates.Render(name, JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.CardsDirectory, name + ".data.json"))));

        var rendered = PlainTextRenderer.Render(card);

        Assert.NotEmpty(rendered.Text);
        Assert.DoesNotContain("${", rendered.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("**", rendered.Text, StringComparison.Ordinal);
        Assert.StartsWith("== ", rendered.Text, StringComparison.Ordinal);
        foreach (var (title, value) in Facts(card))
        {
            Assert.Contains(title, rendered.Text, StringComparison.Ordinal);
            Assert.Contains(value.Split('\n')[0], rendered.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ApprovalCard_NumbersItsButtons_RejectCarriesTheReasonInput()
    {
        var rendered = Render(CardNames.ApprovalRequest);

        Assert.Contains("Buttons: [1] Approve  [2] Reject", rendered.Text, StringComparison.Ordinal);
        Assert.Equal(("approve", 0), (rendered.Buttons[0].Verb, rendered.Buttons[0].Inputs.Count));
        Assert.Equal("reason", Assert.Single(rendered.Buttons[1].Inputs).Id);
        Assert.Equal("REQ-20260314-0007", (string?)rendered.Buttons[1].Data["requestId"]);
    }

    [Theory]
    [InlineData(CardNames.ApprovalRequest)]
    [InlineData(CardNames.RollbackConfirmation)]
    public void ALabelThatSaysWhenItIsRequired_IsNotToldRequiredTwice(string name)
    {
        var rendered = Render(name);

        Assert.Contains("> Reason for rejecting (required to reject)", rendered.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("(required to reject) (required)", rendered.Text, StringComparison.Ordinal);
        Assert.True(rendered.Inputs.Single(i => i.Id == "reason").Required);
    }

    [Fact]
    public void ExecutionResult_KeepsTheHiddenJsonForShowJson()
    {
        var rendered = Render(CardNames.ExecutionResult);

        // The sample result has a verdict, so "Raw output" toggles too; Show JSON is the one whose target holds the JSON.
        var toggle = Assert.Single(rendered.Buttons, b => b.Title == "Show JSON");
        Assert.Equal("Action.ToggleVisibility", toggle.Type);
        Assert.Contains("\"durationMs\": 7412", rendered.Hidden[toggle.Targets[0]], StringComparison.Ordinal);
        Assert.DoesNotContain("durationMs", rendered.Text, StringComparison.Ordinal);
        var raw = Assert.Single(rendered.Buttons, b => b.Title == "Raw output");
        Assert.Equal("Action.ToggleVisibility", raw.Type);
        Assert.Contains("show interfaces GigabitEthernet1/0/1 status", rendered.Hidden[raw.Targets[0]], StringComparison.Ordinal);
        Assert.DoesNotContain("show interfaces GigabitEthernet1/0/1 status", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("Problem: 1/2 neighbours up", rendered.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestForm_ListsInputsWithChoices()
    {
        var rendered = Render(CardNames.RequestForm);

        Assert.Contains(rendered.Inputs, i => i.Id == "device" && i.Required && i.Choices.Count == 2);
        Assert.Contains("> Device (required): lab-sw-01 (lab-sw-01 (Cisco IOS, lab))", rendered.Text, StringComparison.Ordinal);
        Assert.Equal(rendered.Inputs.Count, rendered.Buttons.Single().Inputs.Count);
    }

    [Fact]
    public void UnknownElements_AreNamedNotDropped()
    {
        var card = new JsonObject { ["type"] = "AdaptiveCard", ["body"] = new JsonArray(new JsonObject { ["type"] = "Media" }) };

        Assert.Equal("[Media]", PlainTextRenderer.Render(card).Text);
    }

    [Fact]
    public void UnknownElements_ShowTheirFallback_LikeACardHost()
    {
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["body"] = new JsonArray(
                new JsonObject { ["type"] = "Media", ["fallback"] = new JsonObject { ["type"] = "TextBlock", ["text"] = "Watch the recording" } },
                new JsonObject { ["type"] = "Chart", ["fallback"] = "drop" }),
        };

        Assert.Equal("Watch the recording", PlainTextRenderer.Render(card).Text);
    }

    /// <summary>Every fact of the card as the text it stands for (card text is escaped Markdown).</summary>
    private static IEnumerable<(string Title, string Value)> Facts(JsonNode? node) => node switch
    {
        JsonObject o when (string?)o["type"] == "FactSet" => (o["facts"] as JsonArray ?? []).OfType<JsonObject>().Select(f => (CardText.Unescape((string?)f["title"] ?? string.Empty), CardText.Unescape(f["value"]?.ToString() ?? string.Empty))),
        JsonObject o => o.SelectMany(p => Facts(p.Value)),
        JsonArray a => a.SelectMany(Facts),
        _ => [],
    };

    private static RenderedCard Render(string name) =>
        PlainTextRenderer.Render(Templates.Render(name, JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.CardsDirectory, name + ".data.json")))));
}
