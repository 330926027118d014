using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ChatNetOps.Conversation.Cards.Templating;

/// <summary>
/// Evaluates <see cref="Expr"/> trees with the semantics of adaptive-expressions as used by
/// adaptivecards-templating. A missing path evaluates to the text <c>${path}</c> when
/// substitution is on; logical functions, comparisons and <c>if</c>'s condition see it as undefined.
/// </summary>
internal sealed class ExpressionEvaluator
{
    private static readonly string[] MemoryKeys = ["$root", "$data", "$index"];

    public ExpressionEvaluator(object? root)
    {
        Root = root;
        Data = root;
        Index = Undefined.Value;
    }

    public object? Root { get; }

    /// <summary>The current <c>$data</c> scope.</summary>
    public object? Data { get; set; }

    /// <summary>The current <c>$index</c> (undefined outside a repeated element).</summary>
    public object? Index { get; set; }

    public EvalResult Evaluate(Expr expr, bool substitute) => expr switch
    {
        Expr.Constant c => EvalResult.Ok(c.Value),
        Expr.Accessor => EvaluateAccessor(expr, substitute),
        Expr.Element element => EvaluateElement(element, substitute),
        Expr.Call call => EvaluateCall(call, substitute),
        _ => EvalResult.Fail($"unsupported expression {expr}"),
    };

    private EvalResult EvaluateAccessor(Expr expr, bool substitute)
    {
        var (path, left, error) = AccumulatePath(expr, substitute);
        if (error is not null)
        {
            return EvalResult.Fail(error);
        }

        object? value;
        if (left is null)
        {
            value = path is null ? Undefined.Value : GetMemoryValue(path);
        }
        else
        {
            var scope = Evaluate(left, substitute);
            if (scope.Error is not null)
            {
                return scope;
            }

            value = path is null ? Undefined.Value : GetValue(scope.Value, path);
        }

        if (value is Undefined && substitute && path is not null)
        {
            return EvalResult.Ok("${" + path + "}");
        }

        return EvalResult.Ok(value);
    }

    private EvalResult EvaluateElement(Expr.Element element, bool substitute)
    {
        var instance = Evaluate(element.Instance, substitute);
        if (instance.Error is not null)
        {
            return instance;
        }

        var index = Evaluate(element.Index, substitute: false);
        if (index.Error is not null)
        {
            return index;
        }

        if (JsValues.IsInteger(index.Value))
        {
            return AccessIndex(instance.Value, (double)index.Value!);
        }

        if (index.Value is string name)
        {
            return EvalResult.Ok(AccessProperty(instance.Value, name));
        }

        return EvalResult.Fail($"Could not coerce {element.Index} to an int or string.");
    }

    /// <summary>adaptive-expressions' tryAccumulatePath: folds a chain of accessors and indexers into a path string.</summary>
    private (string? Path, Expr? Left, string? Error) AccumulatePath(Expr expr, bool substitute)
    {
        var path = string.Empty;
        Expr? left = expr;
        while (left is not null)
        {
            if (left is Expr.Accessor accessor)
            {
                path = accessor.Name + "." + path;
                left = accessor.Instance;
            }
            else if (left is Expr.Element element)
            {
                var index = Evaluate(element.Index, substitute);
                if (index.Error is not null)
                {
                    return (null, null, index.Error);
                }

                if (JsValues.IsNumber(index.Value) || (index.Value is string s && ParseInt(s) is not null))
                {
                    path = $"[{JsValues.ToJsString(index.Value)}]." + path;
                }
                else if (index.Value is string text)
                {
                    path = $"['{text}']." + path;
                }
                else
                {
                    return (null, null, $"{element.Index} doesn't return an int or string");
                }

                left = element.Instance;
            }
            else
            {
                break;
            }
        }

        path = path.TrimEnd('.').Replace(".[", "[", StringComparison.Ordinal);
        return (path.Length == 0 ? null : path, left, null);
    }

    private object? GetMemoryValue(string path)
    {
        var actual = path.StartsWith('$') ? path : "$data." + path;
        var parts = SplitPath(actual);
        if (parts.Count == 0)
        {
            return Undefined.Value;
        }

        var key = Array.Find(MemoryKeys, k => string.Equals(k, parts[0], StringComparison.OrdinalIgnoreCase));
        object? scope = key switch
        {
            "$root" => Root,
            "$data" => Data,
            "$index" => Index,
            _ => Undefined.Value,
        };
        for (var i = 1; i < parts.Count; i++)
        {
            scope = Step(scope, parts[i]);
            if (scope is Undefined)
            {
                return scope;
            }
        }

        return scope;
    }

    /// <summary>adaptive-expressions' SimpleObjectMemory.getValue over an arbitrary scope.</summary>
    private static object? GetValue(object? scope, string path)
    {
        var parts = SplitPath(path);
        if (parts.Count == 0)
        {
            return Undefined.Value;
        }

        object? value = Undefined.Value;
        foreach (var part in parts)
        {
            value = Step(scope, part);
            if (value is Undefined)
            {
                return value;
            }

            scope = value;
        }

        return value;
    }

    private static object? Step(object? scope, string part)
    {
        if (scope is JsonArray && ParseInt(part) is { } index)
        {
            var result = AccessIndex(scope, index);
            return result.Error is null ? result.Value : Undefined.Value;
        }

        return AccessProperty(scope, part);
    }

    private static List<string> SplitPath(string path)
    {
        var parts = new List<string>();
        foreach (var raw in path.Split(['.', '[', ']'], StringSplitOptions.RemoveEmptyEntries))
        {
            var part = raw;
            if (part.Length >= 2 && ((part[0] == '"' && part[^1] == '"') || (part[0] == '\'' && part[^1] == '\'')))
            {
                part = part[1..^1];
            }

            parts.Add(part);
        }

        return parts;
    }

    /// <summary>JavaScript parseInt for base 10: optional whitespace and sign, then leading digits.</summary>
    private static double? ParseInt(string text)
    {
        var s = text.TrimStart();
        var i = 0;
        var negative = false;
        if (i < s.Length && s[i] is '+' or '-')
        {
            negative = s[i] == '-';
            i++;
        }

        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        if (i == start)
        {
            return null;
        }

        var value = double.Parse(s[start..i], NumberStyles.None, CultureInfo.InvariantCulture);
        return negative ? -value : value;
    }

    private static EvalResult AccessIndex(object? instance, double index)
    {
        if (JsValues.IsNullish(instance))
        {
            return EvalResult.Ok(Undefined.Value);
        }

        if (instance is JsonArray array)
        {
            return index >= 0 && index < array.Count
                ? EvalResult.Ok(JsValues.FromNode(array[(int)index]))
                : EvalResult.Fail($"{JsValues.NumberToString(index)} is out of range for {JsValues.ToJsString(instance)}");
        }

        return EvalResult.Fail($"{JsValues.ToJsString(instance)} is not a collection.");
    }

    /// <summary>Case-insensitive property lookup; a falsy instance yields undefined.</summary>
    private static object? AccessProperty(object? instance, string property)
    {
        if (JsValues.IsFalsy(instance) || instance is not JsonObject obj)
        {
            return Undefined.Value;
        }

        if (obj.TryGetPropertyValue(property, out var exact))
        {
            return JsValues.FromNode(exact);
        }

        foreach (var (key, value) in obj)
        {
            if (string.Equals(key, property, StringComparison.OrdinalIgnoreCase))
            {
                return JsValues.FromNode(value);
            }
        }

        return Undefined.Value;
    }

    private EvalResult EvaluateCall(Expr.Call call, bool substitute)
    {
        switch (call.Function)
        {
            case "if":
                {
                    var condition = Evaluate(call.Args[0], substitute: false);
                    var branch = condition.Error is null && JsValues.IsLogicTrue(condition.Value) ? call.Args[1] : call.Args[2];
                    return Evaluate(branch, substitute);
                }

            case "not":
                {
                    var operand = Evaluate(call.Args[0], substitute: false);
                    return EvalResult.Ok(operand.Error is not null || !JsValues.IsLogicTrue(operand.Value));
                }

            case "and":
                foreach (var arg in call.Args)
                {
                    var result = Evaluate(arg, substitute: false);
                    if (result.Error is not null || !JsValues.IsLogicTrue(result.Value))
                    {
                        return EvalResult.Ok(false);
                    }
                }

                return EvalResult.Ok(true);

            case "or":
                {
                    // Like adaptive-expressions: true if any argument is true, otherwise the last argument's raw value.
                    object? last = false;
                    foreach (var arg in call.Args)
                    {
                        var result = Evaluate(arg, substitute: false);
                        if (result.Error is null && JsValues.IsLogicTrue(result.Value))
                        {
                            return EvalResult.Ok(true);
                        }

                        last = result.Error is null ? result.Value : Undefined.Value;
                    }

                    return EvalResult.Ok(last);
                }

            case "equals" or "notEquals" or "less" or "lessOrEquals" or "greater" or "greaterOrEquals" or "empty" or "exists":
                return EvaluateComparison(call);
        }

        var args = new object?[call.Args.Count];
        for (var i = 0; i < args.Length; i++)
        {
            var result = Evaluate(call.Args[i], substitute);
            if (result.Error is not null)
            {
                return result;
            }

            args[i] = result.Value;
        }

        return BuiltinFunctions.Invoke(call, args);
    }

    /// <summary>Comparison functions never fail: arguments are evaluated without substitution, and an error yields false.</summary>
    private EvalResult EvaluateComparison(Expr.Call call)
    {
        var args = new object?[call.Args.Count];
        for (var i = 0; i < args.Length; i++)
        {
            var result = Evaluate(call.Args[i], substitute: false);
            if (result.Error is not null)
            {
                return EvalResult.Ok(false);
            }

            args[i] = result.Value;
        }

        switch (call.Function)
        {
            case "equals":
                return EvalResult.Ok(JsValues.CommonEquals(args[0], args[1]));
            case "notEquals":
                return EvalResult.Ok(!JsValues.CommonEquals(args[0], args[1]));
            case "exists":
                return EvalResult.Ok(!JsValues.IsNullish(args[0]));
            case "empty":
                return args[0] switch
                {
                    null or Undefined => EvalResult.Ok(true),
                    string s => EvalResult.Ok(s.Length == 0),
                    JsonArray a => EvalResult.Ok(a.Count == 0),
                    JsonObject o => EvalResult.Ok(o.Count == 0),
                    _ => EvalResult.Ok(false),
                };
        }

        // Ordering comparisons: null arguments make the comparison false; mixed types are an error.
        if (JsValues.IsNullish(args[0]) || JsValues.IsNullish(args[1]))
        {
            return EvalResult.Ok(false);
        }

        int order;
        if (args[0] is double x && args[1] is double y && !double.IsNaN(x) && !double.IsNaN(y))
        {
            order = x.CompareTo(y);
        }
        else if (args[0] is string a && args[1] is string b)
        {
            order = string.CompareOrdinal(a, b);
        }
        else
        {
            return EvalResult.Fail($"{JsValues.ToJsString(args[0])} and {JsValues.ToJsString(args[1])} must be comparable.");
        }

        return EvalResult.Ok(call.Function switch
        {
            "less" => order < 0,
            "lessOrEquals" => order <= 0,
            "greater" => order > 0,
            _ => order >= 0,
        });
    }

    /// <summary>
    /// The string produced by an interpolated template string: each part is evaluated with
    /// substitution, a failing part becomes <c>${part}</c>, and a null part is an error
    /// (adaptivecards-templating throws calling toString on it).
    /// </summary>
    public string Concatenate(IReadOnlyList<Expr> parts, Func<Expr, string> nullPartError)
    {
        var builder = new StringBuilder();
        foreach (var part in parts)
        {
            var result = Evaluate(part, substitute: true);
            if (result.Error is not null)
            {
                builder.Append("${").Append(part).Append('}');
                continue;
            }

            if (JsValues.IsNullish(result.Value))
            {
                throw new TemplateException(nullPartError(part));
            }

            builder.Append(JsValues.ToJsString(result.Value));
        }

        return builder.ToString();
    }
}
