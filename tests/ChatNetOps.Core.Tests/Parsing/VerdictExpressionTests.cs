namespace ChatNetOps.Core.Tests.Parsing;

using ChatNetOps.Core.Parsing;

public sealed class VerdictExpressionTests
{
    private static readonly Dictionary<string, FieldType> Fields = new(StringComparer.Ordinal)
    {
        ["state"] = FieldType.State,
        ["role"] = FieldType.Text,
        ["errors"] = FieldType.Int,
        ["up"] = FieldType.Int,
        ["total"] = FieldType.Int,
        ["address"] = FieldType.Ipv4,
        ["uptime"] = FieldType.Duration,
        ["port"] = FieldType.Interface,
    };

    [Theory]
    [InlineData("state == \"FULL\"", true)]
    [InlineData("state == 'full'", true)]
    [InlineData("state != \"FULL\"", false)]
    [InlineData("up < total", true)]
    [InlineData("up >= total", false)]
    [InlineData("errors > 1000 and errors <= 1204", true)]
    [InlineData("errors > 2000 or state == \"FULL\"", true)]
    [InlineData("not (errors > 0)", false)]
    [InlineData("not not (errors > 0)", true)]
    [InlineData("state == \"FULL\" or state == \"2WAY\" and role == \"DROTHER\"", true)]
    [InlineData("(state == \"FULL\" or state == \"2WAY\") and role == \"DROTHER\"", false)]
    [InlineData("address == 10.0.0.9", true)]
    [InlineData("address > 10.0.0.10", false)]
    [InlineData("address < 10.0.1.0", true)]
    [InlineData("uptime < 1d", true)]
    [InlineData("uptime > 40m", true)]
    [InlineData("uptime == 3723", true)]
    [InlineData("port == \"Gi1/0/5\"", true)]
    [InlineData("missing_is_false", false)]
    public void Evaluate_Row(string expression, bool expected)
    {
        var row = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["state"] = "Full",
            ["role"] = "DR",
            ["errors"] = "1204",
            ["up"] = "0",
            ["total"] = "1",
            ["address"] = "10.0.0.9",
            ["uptime"] = "1h02m03s",
            ["port"] = "Gi1/0/5",
        };
        var fields = new Dictionary<string, FieldType>(Fields) { ["missing_is_false"] = FieldType.Int };
        var text = expression == "missing_is_false" ? "missing_is_false > 0 or missing_is_false == 0" : expression;

        Assert.Equal(expected, VerdictExpression.Parse(text, fields).Evaluate(row));
    }

    [Fact]
    public void Evaluate_MissingField_OnlyNotEqualHolds()
    {
        var empty = new Dictionary<string, string>(StringComparer.Ordinal);

        Assert.False(VerdictExpression.Parse("errors > 0", Fields).Evaluate(empty));
        Assert.False(VerdictExpression.Parse("errors == 0", Fields).Evaluate(empty));
        Assert.True(VerdictExpression.Parse("state != \"FULL\"", Fields).Evaluate(empty));
    }

    [Theory]
    [InlineData("stat == \"FULL\"", "names unknown field 'stat'; the parser's fields are address, errors, port, role, state, total, up, uptime (at column 1)")]
    [InlineData("state = \"FULL\"", "uses '=': write '==' to compare (at column 7)")]
    [InlineData("state == \"FULL", "has a string that is never closed (at column 10)")]
    [InlineData("errors > \"0\"", "compares field 'errors' (int) with text \"0\" using '>' (at column 8)")]
    [InlineData("state < \"FULL\"", "orders text with '<'; text is compared only with == and != (at column 7)")]
    [InlineData("address == \"10.0.0.1\"", "compares field 'address' (ipv4) with text \"10.0.0.1\" using '==' (at column 9)")]
    [InlineData("errors", "must be a condition, e.g. state == \"FULL\" or errors > 0 (at column 1)")]
    [InlineData("errors and up > 0", "uses 'and' with field 'errors' (int), which is not a condition (compare it, e.g. errors > 0) (at column 1)")]
    [InlineData("errors > 0 up > 0", "has 'up' where the expression should end (join conditions with 'and' or 'or') (at column 12)")]
    [InlineData("(errors > 0", "has a '(' that is never closed (at column 1)")]
    [InlineData("errors >", "ends where a field or a value is expected (at column 9)")]
    [InlineData("errors > 1.2.3", "has '1.2.3', which is not a number, a duration (40s, 3w2d) or an IPv4 address (at column 10)")]
    [InlineData("errors > 0; rm -rf /", "has an unexpected character ';' (at column 11)")]
    [InlineData("state == \"x\" == \"y\"", "has '==' where the expression should end (join conditions with 'and' or 'or') (at column 14)")]
    [InlineData("System.IO.File.Delete(\"x\")", "has an unexpected character '.' (at column 7)")]
    [InlineData("!errors", "uses '!': write 'not' or '!=' (at column 1)")]
    public void Parse_BadExpression_SaysWhatIsWrongAndWhere(string expression, string message)
    {
        var error = Assert.Throws<ExpressionException>(() => VerdictExpression.Parse(expression, Fields));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parse_DeepNesting_IsRefused()
    {
        var deep = new string('(', 40) + "errors > 0" + new string(')', 40);

        var error = Assert.Throws<ExpressionException>(() => VerdictExpression.Parse(deep, Fields));

        Assert.Contains("nests deeper than 32 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooLong_IsRefused()
    {
        var error = Assert.Throws<ExpressionException>(() => VerdictExpression.Parse("errors > 0" + new string(' ', 500), Fields));

        Assert.Equal("is longer than 500 characters", error.Message);
    }

    [Theory]
    [InlineData("00:00:35", 35)]
    [InlineData("02:14:07", 8047)]
    [InlineData("3w2d", 1987200)]
    [InlineData("1d03h", 97200)]
    [InlineData("1h02m03s", 3723)]
    [InlineData("35.123s", 35.123)]
    [InlineData("1y2w", 32745600)]
    [InlineData("90", 90)]
    public void Duration_DeviceForms_AreSeconds(string text, double seconds)
    {
        Assert.True(FieldValues.TryDuration(text, out var value));
        Assert.Equal(seconds, value, 3);
    }

    [Theory]
    [InlineData(FieldType.Int, "1,204", "1204")]
    [InlineData(FieldType.Int, "12a", null)]
    [InlineData(FieldType.Ipv4, "192.0.2.1", "192.0.2.1")]
    [InlineData(FieldType.Ipv4, "192.0.2.256", null)]
    [InlineData(FieldType.Ipv4, "10.1", null)]
    [InlineData(FieldType.Interface, "TenGigabitEthernet1/1/1", "TenGigabitEthernet1/1/1")]
    [InlineData(FieldType.Interface, "eth1:10.30.1.2", "eth1:10.30.1.2")]
    [InlineData(FieldType.Interface, "1/1", null)]
    [InlineData(FieldType.Duration, "never", null)]
    [InlineData(FieldType.State, "FULL", "FULL")]
    [InlineData(FieldType.State, "two words", null)]
    public void Normalize_ChecksTheType(FieldType type, string raw, string? expected)
    {
        Assert.Equal(expected, FieldValues.Normalize(type, raw));
    }
}
