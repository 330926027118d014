using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards.Templating;

namespace ChatNetOps.Conversation.Tests.Cards.Templating;

public sealed class AdaptiveCardTemplateTests
{
    private static JsonNode? Expand(string template, string data) =>
        AdaptiveCardTemplate.Expand(JsonNode.Parse(template)!, JsonNode.Parse(data), "test");

    private static JsonNode? Value(string expression, string data = """{"x":"X","n":5,"f":1.5,"b":true,"nul":null,"s":"abc","items":[{"name":"a"},{"name":"b"}],"empty":[],"obj":{"k":1}}""") =>
        Expand(new JsonObject { ["v"] = expression }.ToJsonString(), data)!["v"];

    [Theory]
    [InlineData("${n}", "5")]
    [InlineData("${f}", "1.5")]
    [InlineData("${b}", "true")]
    [InlineData("${nul}", "null")]
    [InlineData("${obj}", """{"k":1}""")]
    [InlineData("${items[1]}", """{"name":"b"}""")]
    [InlineData("${empty}", "[]")]
    public void WholeBinding_KeepsJsonType(string expression, string expectedJson) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expectedJson), Value(expression)), Value(expression)?.ToJsonString());

    [Theory]
    [InlineData("n=${n}", "n=5")]
    [InlineData("${x}${n}", "X5")]
    [InlineData("b=${b}", "b=true")]
    [InlineData("o=${obj}", "o=[object Object]")]
    [InlineData("${1}", "1")]
    [InlineData("${'lit'}", "lit")]
    public void EmbeddedBinding_Stringifies(string expression, string expected) =>
        Assert.Equal(expected, (string?)Value(expression));

    [Theory]
    [InlineData("${missing}", "${missing}")]
    [InlineData("a ${missing} b ${x}", "a ${missing} b X")]
    [InlineData("${missing.deeper}", "${missing.deeper}")]
    [InlineData("${items[9].name}", "${items[9].name}")]
    public void MissingValue_LeavesBindingText(string expression, string expected) =>
        Assert.Equal(expected, (string?)Value(expression));

    [Theory]
    [InlineData("${exists(missing)}", false)]
    [InlineData("${empty(missing)}", true)]
    [InlineData("${if(missing, true, false)}", false)]
    [InlineData("${!missing}", true)]
    [InlineData("${missing == null}", true)]
    [InlineData("${missing.a.b == 'x'}", false)]
    public void LogicalFunctions_SeeMissingAsUndefined(string expression, bool expected) =>
        Assert.Equal(expected, (bool?)Value(expression));

    [Theory]
    [InlineData("${n + 1}", "6")]
    [InlineData("${n - 7}", "-2")]
    [InlineData("${f + n}", "6.5")]
    [InlineData("${1 - 2 - 3}", "-4")]
    [InlineData("${1 - (2 - 3)}", "2")]
    [InlineData("${count(items) + count(s)}", "5")]
    public void Arithmetic_FollowsAdaptiveExpressions(string expression, string expectedJson) =>
        Assert.Equal(expectedJson, Value(expression)!.ToJsonString());

    [Theory]
    [InlineData("${n == 5 && b}", true)]
    [InlineData("${n != 5 || !b}", false)]
    [InlineData("${n < 6}", true)]
    [InlineData("${n >= 6}", false)]
    [InlineData("${'a' < 'b'}", true)]
    [InlineData("${equals(x, 'X')}", true)]
    [InlineData("${x == 'x'}", false)]
    [InlineData("${and(b, not(empty(items)))}", true)]
    [InlineData("${or(false, b)}", true)]
    public void Comparisons_AndLogic(string expression, bool expected) =>
        Assert.Equal(expected, (bool?)Value(expression));

    [Theory]
    [InlineData("${if(b, 'y', 'n')}", "y")]
    [InlineData("${concat('a', s, n)}", "aabc5")]
    [InlineData("c ${concat('o=', obj)}", """c o={"k":1}""")]
    [InlineData("${'it\\'s'}", "it's")]
    [InlineData("${'a' & n}", "a5")]
    public void StringFunctions(string expression, string expected) =>
        Assert.Equal(expected, (string?)Value(expression));

    [Fact]
    public void Join_JoinsLikeAdaptiveExpressions() =>
        Assert.Equal("r1, r2, , r3", (string?)Value("${join(list, ', ')}", """{"list":["r1","r2",null,"r3"]}"""));

    [Fact]
    public void PropertyLookup_IsCaseInsensitive() =>
        Assert.Equal("v", (string?)Value("${OBJ.Key}", """{"obj":{"key":"v"}}"""));

    [Fact]
    public void Data_RepeatsElementPerArrayItem_WithIndexAndRoot()
    {
        var result = Expand(
            """{"body":[{"$data":"${items}","text":"${$index}:${name}:${$root.title}"}]}""",
            """{"title":"T","items":[{"name":"a"},{"name":"b"}]}""");
        Assert.Equal("""{"body":[{"text":"0:a:T"},{"text":"1:b:T"}]}""", result!.ToJsonString());
    }

    [Fact]
    public void Data_ObjectScope_RebindsRelativePaths()
    {
        var result = Expand("""{"x":{"$data":"${a.b}","v":"${c}"}}""", """{"a":{"b":{"c":"deep"}}}""");
        Assert.Equal("""{"x":{"v":"deep"}}""", result!.ToJsonString());
    }

    [Fact]
    public void Data_EmptyArray_DropsTheElement()
    {
        var result = Expand("""{"body":[{"$data":"${none}","t":1},{"t":2}],"p":{"$data":"${none}"}}""", """{"none":[]}""");
        Assert.Equal("""{"body":[{"t":2}],"p":null}""", result!.ToJsonString());
    }

    [Fact]
    public void Data_ArrayOfStrings_BindsDollarData()
    {
        var result = Expand("""{"body":[{"$data":"${tags}","t":"${$data}"}]}""", """{"tags":["x","y"]}""");
        Assert.Equal("""{"body":[{"t":"x"},{"t":"y"}]}""", result!.ToJsonString());
    }

    [Fact]
    public void Data_NestedRepeats_KeepInnerIndexAndOuterScopeViaRoot()
    {
        var result = Expand(
            """{"a":[{"$data":"${rows}","cells":[{"$data":"${cells}","t":"${$index}${$data}"}]}]}""",
            """{"rows":[{"cells":["a","b"]},{"cells":["c"]}]}""");
        Assert.Equal("""{"a":[{"cells":[{"t":"0a"},{"t":"1b"}]},{"cells":[{"t":"0c"}]}]}""", result!.ToJsonString());
    }

    [Theory]
    [InlineData("${flag}", true)]
    [InlineData("${not(flag)}", false)]
    [InlineData("${missing}", false)]
    [InlineData("${count}", false)]
    [InlineData("text", false)]
    [InlineData("", true)]
    public void When_KeepsOnlyOnBooleanTrue(string when, bool kept)
    {
        var template = new JsonObject { ["a"] = new JsonArray(new JsonObject { ["$when"] = when, ["t"] = 1 }) };
        var result = AdaptiveCardTemplate.Expand(template, JsonNode.Parse("""{"flag":true,"count":3}"""));
        Assert.Equal(kept ? 1 : 0, result!["a"]!.AsArray().Count);
    }

    [Fact]
    public void When_EvaluatedPerRepeatedItem()
    {
        var result = Expand("""{"a":[{"$data":"${p}","$when":"${age > 17}","n":"${name}"}]}""", """{"p":[{"name":"x","age":30},{"name":"y","age":10}]}""");
        Assert.Equal("""{"a":[{"n":"x"}]}""", result!.ToJsonString());
    }

    [Fact]
    public void Arrays_FlattenNestedArraysAndDropNulls()
    {
        var result = Expand("""{"a":[[1,2],null,"${list}","${nul}",3]}""", """{"list":["x","y"],"nul":null}""");
        Assert.Equal("""{"a":[1,2,"x","y",3]}""", result!.ToJsonString());
    }

    [Fact]
    public void ReservedKeys_AreRemoved_KeysAreNotExpanded()
    {
        var result = Expand("""{"$root":1,"$index":2,"$host":3,"${k}":"${k}","$schema":"s"}""", """{"k":"v"}""");
        Assert.Equal("""{"${k}":"v","$schema":"s"}""", result!.ToJsonString());
    }

    [Theory]
    [InlineData("\\${x}", "${x}")]
    [InlineData("c:\\temp ${x}", "c:\\temp X")]
    [InlineData("\\` ${x}", "` X")]
    [InlineData("$${x}", "$X")]
    [InlineData("${x", "${x")]
    [InlineData("${}", "${}")]
    [InlineData("plain", "plain")]
    public void TextEscapesAndIncompleteBindings(string text, string expected) =>
        Assert.Equal(expected, (string?)Value(text));

    [Fact]
    public void DataStrings_AreNeverExpanded() =>
        Assert.Equal("${x} literal", (string?)Value("${s}", """{"s":"${x} literal","x":"X"}"""));

    [Fact]
    public void Template_IsNotModified_AndResultIsDetached()
    {
        var template = JsonNode.Parse("""{"a":"${o}","b":[{"$data":"${l}","v":"${$data}"}]}""")!;
        var before = template.ToJsonString();
        var data = JsonNode.Parse("""{"o":{"k":1},"l":[1,2]}""");
        var result = AdaptiveCardTemplate.Expand(template, data)!;
        result["a"]!["k"] = 2;
        Assert.Equal(before, template.ToJsonString());
        Assert.Equal(1, (int)data!["o"]!["k"]!);
    }

    [Fact]
    public void DeepNesting_ExpandsAtEveryLevel()
    {
        JsonNode template = new JsonObject { ["leaf"] = "${v}" };
        for (var i = 0; i < 100; i++)
        {
            template = new JsonObject { ["c"] = new JsonArray(template) };
        }

        var result = AdaptiveCardTemplate.Expand(template, JsonNode.Parse("""{"v":"deep"}"""))!;
        Assert.Contains("\"leaf\":\"deep\"", result.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NullData_LeavesBindingsAsText() =>
        Assert.Equal("${x}", (string?)AdaptiveCardTemplate.Expand(JsonNode.Parse("""{"v":"${x}"}""")!, null)!["v"]);
}
