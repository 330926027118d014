using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Cards.Templating;

namespace ChatNetOps.Conversation.Tests.Cards;

/// <summary>
/// Our engine against the official npm adaptivecards-templating (identical JSON) and every
/// rendered card against npm adaptivecards (zero parse/validation events).
/// </summary>
public sealed class NpmComparisonTests(NpmComparisonFixture fixture) : IClassFixture<NpmComparisonFixture>
{
    public static TheoryData<string> CardCases() => [.. CardDataSets.All().Select(c => $"card:{c.Case}")];

    public static TheoryData<int, string> Expressions()
    {
        var data = new TheoryData<int, string>();
        for (var i = 0; i < ExpressionCases.All.Count; i++)
        {
            data.Add(i, ExpressionCases.All[i]);
        }

        return data;
    }

    public static TheoryData<string> Structures() => [.. StructureCases.All.Select(s => $"structure:{s.Name}")];

    [Theory]
    [MemberData(nameof(CardCases))]
    public void Card_ExpandsExactlyAsNpmAdaptivecardsTemplating(string caseName) => AssertSame(fixture.Cases[caseName]);

    [Theory]
    [MemberData(nameof(CardCases))]
    public void Card_ParsesInNpmAdaptivecardsWithoutValidationErrors(string caseName)
    {
        var c = fixture.Cases[caseName];
        Assert.Null(c.OurError);
        Assert.NotNull(c.ValidationErrors);
        Assert.True(c.ValidationErrors.Count == 0, $"{caseName}: {string.Join("; ", c.ValidationErrors)}");
    }

    [Theory]
    [MemberData(nameof(CardCases))]
    public void Card_LeavesNoUnboundExpression(string caseName)
    {
        // Device output may legitimately contain "${"; blank it so only template text is checked.
        var c = fixture.Cases[caseName];
        var data = c.Data!.DeepClone();
        foreach (var field in new[] { "output", "resultJson" })
        {
            if (data[field] is JsonObject text)
            {
                text["text"] = "x";
            }
        }

        var card = AdaptiveCardTemplate.Expand(c.Template, data, caseName)!;
        Assert.DoesNotContain("${", Serialize(card), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CardCases))]
    public void Card_FitsTheTeamsPayloadBudget(string caseName) =>
        Assert.True(CardLimits.FitsTeams(fixture.Cases[caseName].Sent!), $"{caseName}: {CardLimits.PayloadBytes(fixture.Cases[caseName].Sent!)} bytes");

    [Theory]
    [MemberData(nameof(Expressions))]
    public void Expression_EvaluatesExactlyAsNpm(int index, string expression)
    {
        _ = expression;
        AssertSame(fixture.Cases[NpmComparisonFixture.ExpressionKey(index)]);
    }

    [Theory]
    [MemberData(nameof(Structures))]
    public void Structure_ExpandsExactlyAsNpm(string caseName) => AssertSame(fixture.Cases[caseName]);

    [Fact]
    public void LargeExecutionResult_StatesTruncatedOutputAndOmittedDevices()
    {
        var card = Serialize(fixture.Cases["card:execution-result/40-devices-200KB-output"].Ours!);
        Assert.Contains($"showing first {CardLimits.OutputBytes} of ", card, StringComparison.Ordinal);
        Assert.Contains("…and 15 more devices", card, StringComparison.Ordinal);
        Assert.Contains("JSON truncated: showing first", card, StringComparison.Ordinal);
        Assert.Contains("Devices (40)", card, StringComparison.Ordinal);
    }

    private static void AssertSame(ComparisonCase c)
    {
        if (c.NpmError is not null || c.OurError is not null)
        {
            Assert.True(c.NpmError is not null && c.OurError is not null,
                $"{c.Name}: npm error '{c.NpmError}', ours '{c.OurError}', npm result {c.Npm?.ToJsonString()}, ours {c.Ours?.ToJsonString()}");
            return;
        }

        var npm = Normalize(c.Npm);
        var ours = Normalize(c.Ours);
        Assert.True(JsonNode.DeepEquals(npm, ours), $"{c.Name}:\n npm:  {npm?.ToJsonString()}\n ours: {ours?.ToJsonString()}");
    }

    private static string Serialize(JsonNode node) =>
        node.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Round-trips through text so both sides compare as plain parsed JSON.</summary>
    private static JsonNode? Normalize(JsonNode? node) => node is null ? null : JsonNode.Parse(node.ToJsonString());
}
