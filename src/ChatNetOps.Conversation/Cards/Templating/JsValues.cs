using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatNetOps.Conversation.Cards.Templating;

/// <summary>
/// The JavaScript value semantics that adaptivecards-templating inherits from JavaScript:
/// values are <see cref="Undefined"/>, null, string, double, bool, JsonArray or JsonObject.
/// </summary>
internal static class JsValues
{
    /// <summary>JavaScript <c>Number.EPSILON</c>.</summary>
    private const double JsNumberEpsilon = 2.220446049250313e-16;

    /// <summary>
    /// Converts a data node to a template value. (Returns object? explicitly: JsonNode's implicit
    /// conversions would otherwise turn the primitives back into nodes.)
    /// </summary>
    public static object? FromNode(JsonNode? node)
    {
        if (node is JsonArray or JsonObject)
        {
            return node;
        }

        if (node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.String => (object)value.GetValue<string>(),
            JsonValueKind.Number => (object)double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
            JsonValueKind.True => (object)true,
            JsonValueKind.False => (object)false,
            _ => null,
        };
    }

    /// <summary>Converts a value to a detached JSON node. Undefined has no JSON form and must be handled by the caller.</summary>
    public static JsonNode? ToNode(object? value) => value switch
    {
        null or Undefined => null,
        string s => JsonValue.Create(s),
        double d => NumberNode(d),
        bool b => JsonValue.Create(b),
        JsonNode n => n.DeepClone(),
        _ => throw new InvalidOperationException($"Unexpected template value type {value.GetType()}."),
    };

    public static JsonNode? NumberNode(double d)
    {
        if (!double.IsFinite(d))
        {
            return null;
        }

        if (Math.Floor(d) == d && Math.Abs(d) < 9007199254740992d)
        {
            return JsonValue.Create((long)d);
        }

        return JsonValue.Create(d);
    }

    public static bool IsNumber(object? value) => value is double d && !double.IsNaN(d);

    public static bool IsInteger(object? value) => value is double d && double.IsFinite(d) && Math.Floor(d) == d;

    public static bool IsNullish(object? value) => value is null or Undefined;

    /// <summary>Adaptive Expressions truthiness: only false, null and undefined are false.</summary>
    public static bool IsLogicTrue(object? value) => value switch
    {
        bool b => b,
        null or Undefined => false,
        _ => true,
    };

    /// <summary>JavaScript falsiness, used by property access (<c>if (!instance)</c>).</summary>
    public static bool IsFalsy(object? value) => value switch
    {
        null or Undefined => true,
        bool b => !b,
        double d => d == 0 || double.IsNaN(d),
        string s => s.Length == 0,
        _ => false,
    };

    /// <summary>JavaScript <c>String(value)</c> / <c>value.toString()</c>.</summary>
    public static string ToJsString(object? value) => value switch
    {
        null => "null",
        Undefined => "undefined",
        string s => s,
        double d => NumberToString(d),
        bool b => b ? "true" : "false",
        JsonArray array => JoinArray(array, ","),
        JsonObject => "[object Object]",
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>JavaScript <c>Array.prototype.join</c>: null and undefined items become empty strings.</summary>
    public static string JoinArray(JsonArray array, string separator)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < array.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(separator);
            }

            var item = FromNode(array[i]);
            if (!IsNullish(item))
            {
                builder.Append(ToJsString(item));
            }
        }

        return builder.ToString();
    }

    /// <summary>JavaScript <c>Number.prototype.toString()</c> for base 10.</summary>
    public static string NumberToString(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "Infinity" : "-Infinity";
        }

        if (d == 0)
        {
            return "0";
        }

        var sign = d < 0 ? "-" : string.Empty;
        var shortest = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);

        // Split the shortest round-trip form into its significant digits and decimal exponent.
        var exponentIndex = shortest.IndexOf('E', StringComparison.Ordinal);
        var mantissa = exponentIndex >= 0 ? shortest[..exponentIndex] : shortest;
        var exponent = exponentIndex >= 0 ? int.Parse(shortest[(exponentIndex + 1)..], CultureInfo.InvariantCulture) : 0;
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point >= 0 ? mantissa.Remove(point, 1) : mantissa;
        var pointPosition = (point >= 0 ? point : mantissa.Length) + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        pointPosition -= leadingZeros;
        if (digits.Length == 0)
        {
            return "0";
        }

        // n is the position of the decimal point relative to the digits, as in ECMA-262 Number::toString.
        var n = pointPosition;
        var k = digits.Length;
        string body;
        if (k <= n && n <= 21)
        {
            body = digits + new string('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            body = digits[..n] + "." + digits[n..];
        }
        else if (-6 < n && n <= 0)
        {
            body = "0." + new string('0', -n) + digits;
        }
        else
        {
            var e = n - 1;
            var exponentText = (e >= 0 ? "+" : "-") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
            body = k == 1 ? digits + "e" + exponentText : digits[..1] + "." + digits[1..] + "e" + exponentText;
        }

        return sign + body;
    }

    /// <summary>JavaScript <c>JSON.stringify(value)</c> (compact).</summary>
    public static string Stringify(object? value)
    {
        var builder = new StringBuilder();
        WriteJson(builder, value);
        return builder.ToString();
    }

    private static void WriteJson(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case null or Undefined:
                builder.Append("null");
                break;
            case string s:
                WriteJsonString(builder, s);
                break;
            case double d:
                builder.Append(double.IsFinite(d) ? NumberToString(d) : "null");
                break;
            case bool b:
                builder.Append(b ? "true" : "false");
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    WriteJson(builder, FromNode(array[i]));
                }

                builder.Append(']');
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (key, child) in obj)
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    WriteJsonString(builder, key);
                    builder.Append(':');
                    WriteJson(builder, FromNode(child));
                }

                builder.Append('}');
                break;
            default:
                throw new InvalidOperationException($"Unexpected template value type {value.GetType()}.");
        }
    }

    private static void WriteJsonString(StringBuilder builder, string s)
    {
        builder.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    var loneSurrogate = (char.IsHighSurrogate(c) && (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])))
                        || (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(s[i - 1])));
                    if (c < 0x20 || loneSurrogate)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    /// <summary>Adaptive Expressions <c>commonEquals</c>: deep for lists and objects, epsilon for numbers, strict otherwise.</summary>
    public static bool CommonEquals(object? a, object? b)
    {
        if (IsNullish(a) || IsNullish(b))
        {
            return IsNullish(a) && IsNullish(b);
        }

        switch (a, b)
        {
            case (JsonArray left, JsonArray right):
                if (left.Count != right.Count)
                {
                    return false;
                }

                for (var i = 0; i < left.Count; i++)
                {
                    if (!CommonEquals(FromNode(left[i]), FromNode(right[i])))
                    {
                        return false;
                    }
                }

                return true;
            case (JsonObject left, JsonObject right):
                if (left.Count != right.Count)
                {
                    return false;
                }

                foreach (var (key, child) in left)
                {
                    if (!right.TryGetPropertyValue(key, out var other) || !CommonEquals(FromNode(child), FromNode(other)))
                    {
                        return false;
                    }
                }

                return true;
            case (double x, double y):
                return x == y || Math.Abs(x - y) < JsNumberEpsilon;
            case (string x, string y):
                return string.Equals(x, y, StringComparison.Ordinal);
            case (bool x, bool y):
                return x == y;
            default:
                return false;
        }
    }
}
