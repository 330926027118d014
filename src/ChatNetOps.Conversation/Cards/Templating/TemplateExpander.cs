using System.Text.Json.Nodes;

namespace ChatNetOps.Conversation.Cards.Templating;

/// <summary>
/// Walks a template the way adaptivecards-templating's <c>Template.expand</c> does: <c>$data</c>
/// scopes and repeats, <c>$when</c> drops, strings with <c>${…}</c> are evaluated, arrays flatten
/// repeated items and drop nulls. Results are <see cref="Undefined"/> (omit) or a detached JsonNode.
/// </summary>
internal sealed class TemplateExpander
{
    private static readonly HashSet<string> ReservedKeys =
        new(["$data", "$when", "$root", "$index", "$host", "$_acTemplateVersion"], StringComparer.Ordinal);

    private readonly string _templateName;
    private readonly ExpressionEvaluator _evaluator;
    private readonly Dictionary<string, InterpolatedString?> _parsed = new(StringComparer.Ordinal);

    public TemplateExpander(string templateName, object? root)
    {
        _templateName = templateName;
        _evaluator = new ExpressionEvaluator(root);
    }

    /// <summary>Parses every string of a template, throwing <see cref="TemplateException"/> on the first malformed binding.</summary>
    public static void Validate(JsonNode? node, string templateName)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    Validate(item, templateName);
                }

                break;
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Validate(child, templateName);
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                _ = InterpolatedString.TryParse(text, templateName);
                break;
        }
    }

    public object? Expand(JsonNode? node)
    {
        var savedData = _evaluator.Data;
        var savedIndex = _evaluator.Index;
        try
        {
            return node switch
            {
                null => null,
                JsonArray array => ExpandArray(array),
                JsonObject obj => ExpandObject(obj),
                JsonValue value when value.TryGetValue<string>(out var text) => ExpandString(text),
                _ => node.DeepClone(),
            };
        }
        finally
        {
            _evaluator.Data = savedData;
            _evaluator.Index = savedIndex;
        }
    }

    private JsonArray ExpandArray(JsonArray array)
    {
        var result = new JsonArray();
        foreach (var item in array)
        {
            var expanded = Expand(item);
            switch (expanded)
            {
                case null:
                    break;
                case Undefined:
                    result.Add(null);
                    break;
                case JsonArray repeated:
                    foreach (var repeatedItem in repeated.ToList())
                    {
                        repeated.Remove(repeatedItem);
                        result.Add(repeatedItem);
                    }

                    break;
                default:
                    result.Add((JsonNode)expanded);
                    break;
            }
        }

        return result;
    }

    private object? ExpandString(string text)
    {
        var parsed = Parse(text);
        if (parsed is null)
        {
            return JsonValue.Create(text);
        }

        var value = EvaluateWithSubstitution(parsed);
        return value is Undefined ? value : JsValues.ToNode(value);
    }

    /// <summary>Evaluates a template string as adaptivecards-templating does for values and <c>$data</c>.</summary>
    private object? EvaluateWithSubstitution(InterpolatedString parsed)
    {
        var whole = parsed.WholeBinding;
        if (whole is null)
        {
            return _evaluator.Concatenate(parsed.Parts, NullPartMessage);
        }

        if (whole is Expr.Call { Function: "concat" } concat)
        {
            return _evaluator.Concatenate(concat.Args, NullPartMessage);
        }

        var result = _evaluator.Evaluate(whole, substitute: true);
        if (result.Error is not null)
        {
            throw new TemplateException(_templateName, "${" + whole + "}", "failed to evaluate: " + result.Error);
        }

        return result.Value;
    }

    private string NullPartMessage(Expr part) =>
        $"Card template '{_templateName}': expression '${{{part}}}' is null inside a larger string; "
        + "bind it as the whole value, guard it with $when, or give the data a non-null value.";

    private object? ExpandObject(JsonObject obj)
    {
        var hasWhen = obj.TryGetPropertyValue("$when", out var when);
        var hasData = obj.TryGetPropertyValue("$data", out var dataNode);

        var contexts = new List<object?>();
        var repeat = false;
        if (!hasData)
        {
            contexts.Add(Undefined.Value);
        }
        else
        {
            var dataValue = dataNode is JsonValue v && v.TryGetValue<string>(out var dataText) && Parse(dataText) is { } parsed
                ? EvaluateWithSubstitution(parsed)
                : JsValues.FromNode(dataNode);
            if (dataValue is JsonArray items)
            {
                repeat = true;
                contexts.AddRange(items.Select(JsValues.FromNode));
            }
            else
            {
                contexts.Add(dataValue);
            }
        }

        var results = new List<JsonObject>();
        for (var i = 0; i < contexts.Count; i++)
        {
            if (repeat)
            {
                _evaluator.Index = (double)i;
            }

            if (contexts[i] is not Undefined)
            {
                _evaluator.Data = contexts[i];
            }

            if (hasWhen && !WhenHolds(when))
            {
                continue;
            }

            results.Add(ExpandSingleObject(obj));
        }

        return results.Count switch
        {
            0 => null,
            1 => results[0],
            _ => new JsonArray([.. results]),
        };
    }

    /// <summary><c>$when</c> keeps the element only if it is a binding evaluating (without substitution) to true.</summary>
    private bool WhenHolds(JsonNode? when)
    {
        if (when is JsonValue value && value.TryGetValue<string>(out var text))
        {
            var parsed = Parse(text);
            if (parsed is null)
            {
                return text.Length == 0;
            }

            if (parsed.WholeBinding is not { } whole || whole is Expr.Call { Function: "concat" })
            {
                return false;
            }

            var result = _evaluator.Evaluate(whole, substitute: false);
            return result.Error is null && result.Value is true;
        }

        // A literal $when: JavaScript-truthy literals drop the element, falsy ones keep it.
        return when is null || JsValues.IsFalsy(JsValues.FromNode(when));
    }

    private JsonObject ExpandSingleObject(JsonObject obj)
    {
        var result = new JsonObject();
        foreach (var (key, child) in obj)
        {
            if (ReservedKeys.Contains(key))
            {
                continue;
            }

            var expanded = Expand(child);
            if (expanded is not Undefined)
            {
                result[key] = (JsonNode?)expanded;
            }
        }

        return result;
    }

    private InterpolatedString? Parse(string text)
    {
        if (!_parsed.TryGetValue(text, out var parsed))
        {
            parsed = InterpolatedString.TryParse(text, _templateName);
            _parsed[text] = parsed;
        }

        return parsed;
    }
}
