using System.Text.Json.Nodes;

namespace ChatNetOps.Conversation.Cards.Templating;

/// <summary>
/// The Adaptive Expressions functions whose arguments are evaluated first (with substitution): <c>add</c> (<c>+</c>),
/// <c>sub</c> (<c>-</c>), <c>count</c>, <c>concat</c> (<c>&amp;</c>) and <c>join</c>, with adaptive-expressions' results
/// and errors.
/// </summary>
internal static class BuiltinFunctions
{
    public static EvalResult Invoke(Expr.Call call, object?[] args) => call.Function switch
    {
        "add" => Fold(args, Add),
        "sub" => Fold(args, Subtract),
        "count" => Count(args[0]),
        "concat" => Fold(args, Concat),
        "join" => args[0] is JsonArray list
            ? EvalResult.Ok(JsValues.JoinArray(list, JsValues.ToJsString(args[1])))
            : EvalResult.Fail($"{call.Args[0]} evaluates to {JsValues.ToJsString(args[0])} which is not a list."),
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

    /// <summary>Numbers add; otherwise strings (or nulls, as empty text) concatenate.</summary>
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

    private static EvalResult Subtract(object? a, object? b)
    {
        if (!JsValues.IsNumber(a) || !JsValues.IsNumber(b))
        {
            var bad = JsValues.IsNumber(a) ? b : a;
            return EvalResult.Fail($"{JsValues.ToJsString(bad)} is not a number.");
        }

        return EvalResult.Ok((double)a! - (double)b!);
    }

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
}
