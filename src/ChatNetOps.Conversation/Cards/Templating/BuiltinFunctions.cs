using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ChatNetOps.Conversation.Cards.Templating;

/// <summary>The Adaptive Expressions functions whose arguments are evaluated first (with substitution).</summary>
internal static class BuiltinFunctions
{
    public static EvalResult Invoke(Expr.Call call, object?[] args) => call.Function switch
    {
        "add" => Fold(args, Add),
        "sub" => Fold(args, (a, b) => Numeric(a, b, (x, y) => x - y)),
        "mul" => Fold(args, (a, b) => Numeric(a, b, (x, y) => x * y)),
        "div" => Fold(args, Divide),
        "mod" => Mod(args[0], args[1]),
        "length" => Length(args[0]),
        "count" => Count(args[0]),
        "concat" => Fold(args, Concat),
        "string" => EvalResult.Ok(ToStringFunction(args[0])),
        "toUpper" => Transform(args[0], s => s.ToUpperInvariant()),
        "toLower" => Transform(args[0], s => s.ToLowerInvariant()),
        "substring" => Substring(call, args),
        "join" => Join(call, args),
        "first" => EvalResult.Ok(FirstOrLast(args[0], first: true)),
        "last" => EvalResult.Ok(FirstOrLast(args[0], first: false)),
        _ => EvalResult.Fail($"Unknown function {call.Function}"),
    };

    private static EvalResult Fold(object?[] args, Func<object?, object?, EvalResult> step)
    {
        var result = EvalResult.Ok(args[0]);
        for (var i = 1; i < args.Length; i++)
        {
            result = step(result.Value, args[i]);
            if (result.Error is not null)
            {
                return result;
            }
        }

        return result;
    }

    private static EvalResult Add(object? a, object? b)
    {
        foreach (var arg in new[] { a, b })
        {
            if (!JsValues.IsNullish(arg) && arg is not string && !JsValues.IsNumber(arg))
            {
                return EvalResult.Fail($"{JsValues.ToJsString(arg)} is not string or number.");
            }
        }

        var aNumber = JsValues.IsNumber(a);
        var bNumber = JsValues.IsNumber(b);
        if ((JsValues.IsNullish(a) && bNumber) || (JsValues.IsNullish(b) && aNumber))
        {
            return EvalResult.Fail("Operator '+' or add cannot be applied to operands of type 'number' and null object.");
        }

        if (aNumber && bNumber)
        {
            return EvalResult.Ok((double)a! + (double)b!);
        }

        var left = JsValues.IsNullish(a) ? string.Empty : JsValues.ToJsString(a);
        var right = JsValues.IsNullish(b) ? string.Empty : JsValues.ToJsString(b);
        return EvalResult.Ok(left + right);
    }

    private static EvalResult Numeric(object? a, object? b, Func<double, double, double> op)
    {
        if (!JsValues.IsNumber(a) || !JsValues.IsNumber(b))
        {
            var bad = JsValues.IsNumber(a) ? b : a;
            return EvalResult.Fail($"{JsValues.ToJsString(bad)} is not a number.");
        }

        return EvalResult.Ok(op((double)a!, (double)b!));
    }

    /// <summary>Division of two integers is integer division (floor), as in adaptive-expressions.</summary>
    private static EvalResult Divide(object? a, object? b)
    {
        if (JsValues.IsNumber(b) && (double)b! == 0)
        {
            return EvalResult.Fail("Cannot divide by 0.");
        }

        return Numeric(a, b, (x, y) => JsValues.IsInteger(x) && JsValues.IsInteger(y) ? Math.Floor(x / y) : x / y);
    }

    private static EvalResult Mod(object? a, object? b)
    {
        if (!JsValues.IsInteger(a) || !JsValues.IsInteger(b))
        {
            return EvalResult.Fail($"{JsValues.ToJsString(JsValues.IsInteger(a) ? b : a)} is not an integer.");
        }

        return (double)b! == 0 ? EvalResult.Fail("Cannot mod by 0.") : EvalResult.Ok((double)a! % (double)b!);
    }

    private static EvalResult Length(object? value) => value switch
    {
        string s => EvalResult.Ok((double)s.Length),
        null or Undefined => EvalResult.Ok(0d),
        _ => EvalResult.Fail($"{JsValues.ToJsString(value)} is neither a string nor a null object."),
    };

    private static EvalResult Count(object? value) => value switch
    {
        string s => EvalResult.Ok((double)s.Length),
        JsonArray a => EvalResult.Ok((double)a.Count),
        JsonObject o => EvalResult.Ok((double)o.Count),
        _ => EvalResult.Fail($"{JsValues.ToJsString(value)} is not a string or list."),
    };

    private static EvalResult Concat(object? a, object? b)
    {
        if (JsValues.IsNullish(a) && JsValues.IsNullish(b))
        {
            return EvalResult.Ok(Undefined.Value);
        }

        if (JsValues.IsNullish(a) && b is JsonArray)
        {
            return EvalResult.Ok(b);
        }

        if (JsValues.IsNullish(b) && a is JsonArray)
        {
            return EvalResult.Ok(a);
        }

        if (a is JsonArray left && b is JsonArray right)
        {
            var merged = new JsonArray();
            foreach (var item in left.Concat(right))
            {
                merged.Add(item?.DeepClone());
            }

            return EvalResult.Ok(merged);
        }

        return EvalResult.Ok(CommonStringify(a) + CommonStringify(b));
    }

    /// <summary>adaptive-expressions' commonStringify: null is empty, objects are JSON without surrounding quotes.</summary>
    private static string CommonStringify(object? value) => value switch
    {
        null or Undefined => string.Empty,
        JsonNode node => JsValues.Stringify(node).TrimStart('\'', '"').TrimEnd('\'', '"'),
        _ => JsValues.ToJsString(value),
    };

    /// <summary>string(): numbers use d3 ",.Nf" formatting (thousands separators, U+2212 minus) with the precision of their shortest form.</summary>
    private static string ToStringFunction(object? value)
    {
        if (value is string s)
        {
            return s;
        }

        if (JsValues.IsNumber(value))
        {
            var d = (double)value!;
            var shortest = JsValues.NumberToString(d);
            var point = shortest.IndexOf('.', StringComparison.Ordinal);
            var precision = point >= 0 ? shortest.Length - point - 1 : 0;
            var formatted = Math.Abs(d).ToString("N" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            return d < 0 ? "\u2212" + formatted : formatted;
        }

        return CommonStringify(value);
    }

    private static EvalResult Transform(object? value, Func<string, string> transform) => value switch
    {
        string s => EvalResult.Ok(transform(s)),
        Undefined => EvalResult.Ok(string.Empty),
        null => EvalResult.Ok(Undefined.Value),
        _ => EvalResult.Fail($"{JsValues.ToJsString(value)} is not a string or null."),
    };

    private static EvalResult Substring(Expr.Call call, object?[] args)
    {
        if (args[0] is Undefined)
        {
            return EvalResult.Ok(string.Empty);
        }

        if (args[0] is not string s)
        {
            return EvalResult.Fail($"{call.Args[0]} is neither a string nor a null object.");
        }

        if (!JsValues.IsInteger(args[1]) || (double)args[1]! < 0 || (double)args[1]! > s.Length)
        {
            return EvalResult.Fail($"{call.Args[1]} is not an integer in range for {s}.");
        }

        var start = (int)(double)args[1]!;
        var length = s.Length - start;
        if (args.Length == 3)
        {
            if (!JsValues.IsInteger(args[2]) || (double)args[2]! < 0 || start + (double)args[2]! > s.Length)
            {
                return EvalResult.Fail($"{call.Args[2]} is not an integer in range for {s}.");
            }

            length = (int)(double)args[2]!;
        }

        return EvalResult.Ok(s.Substring(start, length));
    }

    private static EvalResult Join(Expr.Call call, object?[] args)
    {
        if (args[0] is not JsonArray list)
        {
            return EvalResult.Fail($"{call.Args[0]} evaluates to {JsValues.ToJsString(args[0])} which is not a list.");
        }

        var separator = JsValues.ToJsString(args[1]);
        if (args.Length == 2)
        {
            return EvalResult.Ok(JsValues.JoinArray(list, separator));
        }

        if (list.Count < 3)
        {
            return EvalResult.Ok(JsValues.JoinArray(list, JsValues.ToJsString(args[2])));
        }

        var head = new JsonArray();
        for (var i = 0; i < list.Count - 1; i++)
        {
            head.Add(list[i]?.DeepClone());
        }

        var builder = new StringBuilder(JsValues.JoinArray(head, separator));
        builder.Append(JsValues.ToJsString(args[2]));
        var last = JsValues.FromNode(list[^1]);
        builder.Append(JsValues.ToJsString(last));
        return EvalResult.Ok(builder.ToString());
    }

    private static object? FirstOrLast(object? value, bool first) => value switch
    {
        string { Length: > 0 } s => (first ? s[0] : s[^1]).ToString(),
        JsonArray { Count: > 0 } a => JsValues.FromNode(first ? a[0] : a[^1]),
        _ => Undefined.Value,
    };
}
