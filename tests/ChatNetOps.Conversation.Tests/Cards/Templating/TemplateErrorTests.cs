using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards.Templating;

namespace ChatNetOps.Conversation.Tests.Cards.Templating;

public sealed class TemplateErrorTests
{
    private static TemplateException ExpandFails(string text, string data = """{"s":"abc","nul":null,"n":1}""") =>
        Assert.Throws<TemplateException>(() =>
            AdaptiveCardTemplate.Expand(new JsonObject { ["body"] = new JsonArray(new JsonObject { ["text"] = text }) }, JsonNode.Parse(data), "broken-card"));

    [Theory]
    [InlineData("${a +}")]
    [InlineData("${(a}")]
    [InlineData("${a b}")]
    [InlineData("${a +* b}")]
    [InlineData("${items[0}")]
    [InlineData("${1e3}")]
    [InlineData("${a..b}")]
    public void MalformedExpression_NamesTemplateAndExpression(string text)
    {
        var ex = ExpandFails(text);
        Assert.Contains("broken-card", ex.Message, StringComparison.Ordinal);
        Assert.Equal("broken-card", ex.TemplateName);
        Assert.NotNull(ex.Expression);
        Assert.Contains(ex.Expression!, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedFunction_ListsSupportedOnes()
    {
        var ex = ExpandFails("${formatDateTime(s)}");
        Assert.Contains("unsupported function 'formatDateTime'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("join", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The engine implements what the cards use (cards/README.md); the rest of Adaptive Expressions is refused when a template loads.</summary>
    [Theory]
    [InlineData("${length(s)}")]
    [InlineData("${string(n)}")]
    [InlineData("${toUpper(s)}")]
    [InlineData("${toLower(s)}")]
    [InlineData("${substring(s, 1)}")]
    [InlineData("${first(s)}")]
    [InlineData("${last(s)}")]
    [InlineData("${mul(n, 2)}")]
    [InlineData("${div(n, 2)}")]
    [InlineData("${mod(n, 2)}")]
    public void FunctionOutsideTheSubset_IsRefusedWhenTheTemplateLoads(string text)
    {
        var ex = Assert.Throws<TemplateException>(() => AdaptiveCardTemplate.Validate(new JsonObject { ["text"] = text }, "custom-card"));
        Assert.Contains("unsupported function", ex.Message, StringComparison.Ordinal);
        Assert.Equal(text, ex.Expression);
    }

    [Theory]
    [InlineData("${n * 2}")]
    [InlineData("${n / 2}")]
    [InlineData("${n % 2}")]
    [InlineData("${-n}")]
    public void OperatorOutsideTheSubset_IsRefusedWhenTheTemplateLoads(string text) =>
        Assert.Equal(text, Assert.Throws<TemplateException>(() => AdaptiveCardTemplate.Validate(new JsonObject { ["text"] = text }, "custom-card")).Expression);

    [Theory]
    [InlineData("${if(s, 1)}")]
    [InlineData("${not()}")]
    [InlineData("${join(s, ', ', ' and ')}")]
    public void WrongArity_Throws(string text) =>
        Assert.Contains("argument", ExpandFails(text).Message, StringComparison.Ordinal);

    [Fact]
    public void UnescapedBacktick_Throws() =>
        Assert.Contains("backtick", ExpandFails("run `show ip ospf` on ${s}").Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("${nul + 1}")]
    [InlineData("${s < 1}")]
    [InlineData("${join(s, ',')}")]
    [InlineData("${s[0]}")]
    [InlineData("${count(n)}")]
    [InlineData("${s - 1}")]
    public void EvaluationError_InWholeBinding_Throws(string text) =>
        Assert.Contains("failed to evaluate", ExpandFails(text).Message, StringComparison.Ordinal);

    [Fact]
    public void EvaluationError_InsideString_LeavesBindingText()
    {
        var result = AdaptiveCardTemplate.Expand(JsonNode.Parse("""{"v":"x ${join(s, ',')}"}""")!, JsonNode.Parse("""{"s":"abc"}"""));
        Assert.Equal("x ${join(s, ',')}", (string?)result!["v"]);
    }

    [Fact]
    public void NullInsideString_Throws_WithAdvice() =>
        Assert.Contains("null inside a larger string", ExpandFails("x ${nul} y").Message, StringComparison.Ordinal);

    [Fact]
    public void Validate_FindsMalformedBindingWithoutData()
    {
        var ex = Assert.Throws<TemplateException>(() =>
            AdaptiveCardTemplate.Validate(JsonNode.Parse("""{"a":[{"b":{"c":"ok ${x}"}},{"d":"${x ==}"}]}""")!, "t"));
        Assert.Equal("${x ==}", ex.Expression);
    }
}
