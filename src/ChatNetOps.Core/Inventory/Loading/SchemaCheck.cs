namespace ChatNetOps.Core.Inventory.Loading;

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

/// <summary>
/// Validates one inventory file against its JSON Schema (JsonSchema.Net) and reports every finding at the YAML line
/// it points into. Messages come from the schema itself: a schema object may carry <c>x-lint</c>, mapping a keyword
/// to a message template (and <c>name</c> to how the object is called in messages, e.g. <c>device '{name}'</c>);
/// keywords without one get a generic message. See <c>docs/inventory.md</c> ("Lint messages") for the placeholders.
/// </summary>
internal static partial class SchemaCheck
{
    private const string Lint = "x-lint";

    private static readonly EvaluationOptions FlagOptions = new()
    {
        OutputFormat = OutputFormat.Flag,
        RequireFormatValidation = true,
    };

    private static readonly EvaluationOptions Options = new()
    {
        OutputFormat = OutputFormat.Hierarchical,
        RequireFormatValidation = true,
    };

    /// <summary>Keywords whose subschemas are tried, not required: their failing branches are not findings.</summary>
    private static readonly HashSet<string> Tentative = new(StringComparer.Ordinal) { "if", "contains", "anyOf", "oneOf", "not" };

    public static SchemaFindings Validate(SourceFile file, YamlJsonDocument document)
    {
        var findings = new SchemaFindings(document);
        Evaluate(Path.GetFileName(file.Path), document.Root, (pointer, atKey, message) =>
        {
            findings.Add(pointer);
            if ((document.MarkOf(pointer, atKey) ?? document.MarkOf(string.Empty)) is { } mark)
            {
                file.Error(mark, message);
            }
            else
            {
                file.Error(message);
            }
        });
        return findings;
    }

    /// <summary>
    /// Validates a JSON instance shaped like <paramref name="fileName"/> (e.g. devices mapped from an inventory source)
    /// and returns each finding's JSON pointer and message.
    /// </summary>
    public static List<(string Pointer, string Message)> Validate(string fileName, JsonNode root)
    {
        var findings = new List<(string, string)>();
        Evaluate(fileName, root, (pointer, _, message) => findings.Add((pointer, message)));
        return findings;
    }

    private static void Evaluate(string fileName, JsonNode root, Action<string, bool, string> report)
    {
        var schema = InventorySchema.For(fileName);
        using var instance = JsonDocument.Parse(root.ToJsonString());

        // The flag form is cheap; the full tree (for messages) is built only when something failed.
        if (schema.Schema.Evaluate(instance.RootElement, FlagOptions).IsValid)
        {
            return;
        }

        var results = schema.Schema.Evaluate(instance.RootElement, Options);
        var walk = new Walk(fileName, root, schema.Document.RootElement, report);
        walk.Visit(new Frame(results, schema.Document.RootElement, null, null));
    }

    /// <summary>One evaluation node with the schema object it evaluated.</summary>
    private sealed record Frame(EvaluationResults Result, JsonElement Schema, Frame? Parent, string? Keyword)
    {
        public string Instance => Result.InstanceLocation.ToString();
    }

    private sealed class Walk(string fileName, JsonNode instanceRoot, JsonElement root, Action<string, bool, string> report)
    {
        private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

        public void Visit(Frame frame)
        {
            if (frame.Result.IsValid)
            {
                return;
            }

            foreach (var (keyword, _) in frame.Result.Errors ?? [])
            {
                Failed(frame, keyword);
            }

            var children = (frame.Result.Details ?? [])
                .Select(child => (Child: child, Segments: Delta(frame.Result, child)))
                .Where(c => c.Segments.Length > 0)
                .ToList();

            foreach (var applicator in new[] { "anyOf", "oneOf" })
            {
                var branches = children.Where(c => c.Segments[0] == applicator).ToList();
                if (branches.Count > 0 && branches.All(b => !b.Child.IsValid) && !(frame.Result.Errors?.ContainsKey(applicator) ?? false))
                {
                    Failed(frame, applicator);
                }
            }

            if (frame.Schema.ValueKind == JsonValueKind.Object && frame.Schema.TryGetProperty("not", out _)
                && children.Any(c => c.Segments[0] == "not" && c.Child.IsValid))
            {
                Failed(frame, "not");
            }

            foreach (var (child, segments) in children)
            {
                if (child.IsValid || Tentative.Contains(segments[0]))
                {
                    continue;
                }

                if (Resolve(frame.Schema, segments) is { } schema)
                {
                    Visit(new Frame(child, schema, frame, segments[0]));
                }
            }
        }

        private void Failed(Frame frame, string keyword)
        {
            if (keyword.Length == 0)
            {
                // A false schema: under additionalProperties it is a key the object does not allow.
                if (frame.Keyword == "additionalProperties" && frame.Parent is { } owner)
                {
                    var allowed = owner.Schema.TryGetProperty("properties", out var properties)
                        ? properties.EnumerateObject().Select(p => p.Name).ToList()
                        : [];
                    Report(frame, "additionalProperties", atKey: true, extra: new() { ["allowed"] = string.Join(", ", allowed), ["allowedOr"] = Or(allowed) }, templateFrame: owner);
                }
                else
                {
                    Report(frame, "false", atKey: true);
                }

                return;
            }

            if (keyword == "required")
            {
                var present = Instance(frame.Instance) as JsonObject;
                foreach (var name in Strings(frame.Schema, "required").Where(n => present is null || !present.ContainsKey(n)))
                {
                    Report(frame, "required", extra: new() { ["missing"] = name }, requiredKey: name);
                }

                return;
            }

            if (keyword == "uniqueItems" && Instance(frame.Instance) is JsonArray array)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < array.Count; i++)
                {
                    if (!seen.Add(array[i]?.ToJsonString() ?? "null"))
                    {
                        Report(frame, keyword, at: frame.Instance + "/" + i.ToString(CultureInfo.InvariantCulture), extra: new() { ["value"] = Text(array[i]) });
                    }
                }

                return;
            }

            Report(frame, keyword, atKey: frame.Keyword == "propertyNames");
        }

        private void Report(
            Frame frame,
            string keyword,
            bool atKey = false,
            string? at = null,
            Dictionary<string, string>? extra = null,
            string? requiredKey = null,
            Frame? templateFrame = null)
        {
            var pointer = at ?? frame.Instance;
            var template = Template(templateFrame ?? frame, keyword, requiredKey) ?? Generic(frame, keyword);
            var message = Fill(template, frame, pointer, keyword, extra ?? []);
            if (_reported.Add($"{pointer}:{atKey}:{message}"))
            {
                report(pointer, atKey, message);
            }
        }

        /// <summary>The <c>x-lint</c> message for <paramref name="keyword"/> on this frame's schema or on a schema that led to it at the same place.</summary>
        private static string? Template(Frame frame, string keyword, string? requiredKey)
        {
            var instance = frame.Instance;
            for (var f = frame; f is not null && f.Instance == instance; f = f.Parent)
            {
                if (f.Schema.ValueKind == JsonValueKind.Object && f.Schema.TryGetProperty(Lint, out var lint) && lint.TryGetProperty(keyword, out var message))
                {
                    if (message.ValueKind == JsonValueKind.String)
                    {
                        return message.GetString();
                    }

                    if (message.ValueKind == JsonValueKind.Object && requiredKey is not null && message.TryGetProperty(requiredKey, out var specific))
                    {
                        return specific.GetString();
                    }
                }
            }

            return null;
        }

        private string Generic(Frame frame, string keyword)
        {
            var item = IsItem(frame.Instance);
            var value = Instance(frame.Instance);
            return keyword switch
            {
                "additionalProperties" => "unknown key '{key}' in {what}; expected one of {allowed}",
                "false" => "'{key}' is not allowed in {what}",
                "required" => "{what} is missing required key '{missing}'",
                "type" => TypeMessage(Strings(frame.Schema, "type").FirstOrDefault() ?? frame.Schema.GetProperty("type").GetString()!, value, item),
                "minItems" or "minLength" => "'{key}' in {what} must not be empty",
                "minimum" => "{key} of {what} must be at least {minimum}",
                "maximum" => "{key} of {what} must be at most {maximum}",
                "enum" => item ? "unknown value '{value}' in '{key}' of {what}; expected {enum}" : "unknown {key} '{value}' in {what}; expected {enum}",
                "const" => "{key} of {what} must be {const}",
                "pattern" => "{key} '{value}' of {what} does not match {pattern}",
                "format" => "{key} of {what} must be a {format} value, not '{value}'",
                "uniqueItems" => "'{value}' is listed twice in '{key}' of {what}",
                "contains" => "'{key}' of {what} has no item of the required kind",
                "anyOf" or "oneOf" => "{key} of {what} does not have one of the allowed forms",
                "not" => "'{value}' is not allowed as {key} of {what}",
                _ => "{key} of {what} breaks the schema rule '" + keyword + "'",
            };
        }

        private static string TypeMessage(string expected, JsonNode? value, bool item)
        {
            var structured = value is JsonObject or JsonArray;
            return (expected, item) switch
            {
                ("object", true) => "each item of '{key}' in {what} must be a mapping",
                ("object", false) => "'{key}' in {what} must be a mapping of keys to values",
                ("array", _) => "'{key}' in {what} must be a list",
                (_, true) => "items of '{key}' in {what} must be non-empty single values",
                (_, false) when structured => "'{key}' in {what} must be a single value, not a list or mapping",
                ("integer", false) => "'{key}' in {what} must be a whole number, not '{value}'",
                ("boolean", false) => "'{key}' in {what} must be true or false, not '{value}'",
                _ => "'{key}' in {what} must be text; quote '{value}'",
            };
        }

        private string Fill(string template, Frame frame, string pointer, string keyword, Dictionary<string, string> extra)
        {
            var subject = SubjectOf(pointer, keyword);
            return Placeholder().Replace(template, m =>
            {
                var name = m.Groups[1].Value;
                if (extra.TryGetValue(name, out var given))
                {
                    return given;
                }

                return name switch
                {
                    "what" => Name(subject, frame),
                    "parent" => Parent(subject) is { } parent ? Name(SubjectOf(parent, "type"), frame) : fileName,
                    "key" => KeyOf(pointer),
                    "value" => Text(Instance(pointer)),
                    "enum" => Or(Strings(frame.Schema, "enum")),
                    "const" => frame.Schema.TryGetProperty("const", out var c) ? Text(JsonNode.Parse(c.GetRawText())) : string.Empty,
                    "minimum" or "maximum" or "pattern" or "format" => Keyword(frame, name),

                    // Any other placeholder names a property of the object the message is about, e.g. {type} of an input.
                    _ => (Instance(subject) as JsonObject)?[name] is JsonValue v ? Text(v) : m.Value,
                };
            });
        }

        private static string Keyword(Frame frame, string name)
        {
            for (var f = frame; f is not null && f.Instance == frame.Instance; f = f.Parent)
            {
                if (f.Schema.ValueKind == JsonValueKind.Object && f.Schema.TryGetProperty(name, out var value))
                {
                    return value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
                }
            }

            return string.Empty;
        }

        /// <summary>The object a message is about: the value itself for object-level rules, else the nearest object holding it.</summary>
        private string SubjectOf(string pointer, string keyword)
        {
            if (keyword is not ("additionalProperties" or "false") && Instance(pointer) is JsonObject)
            {
                return pointer;
            }

            for (var p = Parent(pointer); p is not null; p = Parent(p))
            {
                if (Instance(p) is JsonObject)
                {
                    return p;
                }
            }

            return string.Empty;
        }

        /// <summary>How messages call the object at <paramref name="pointer"/>: its schema's <c>x-lint.name</c>, else the file name.</summary>
        private string Name(string pointer, Frame near)
        {
            Frame? found = null;
            for (var f = near; f is not null; f = f.Parent)
            {
                if (f.Instance == pointer && f.Schema.ValueKind == JsonValueKind.Object && f.Schema.TryGetProperty(Lint, out var lint) && lint.TryGetProperty("name", out _))
                {
                    found = f;
                    break;
                }
            }

            if (found is null)
            {
                return pointer.Length == 0 ? fileName : Name(Parent(pointer) is { } p ? SubjectOf(p, "type") : string.Empty, near);
            }

            var templates = found.Schema.GetProperty(Lint).GetProperty("name");
            var candidates = templates.ValueKind == JsonValueKind.Array
                ? templates.EnumerateArray().Select(t => t.GetString()!).ToList()
                : [templates.GetString()!];
            var obj = Instance(pointer) as JsonObject;
            foreach (var candidate in candidates)
            {
                var complete = true;
                var text = Placeholder().Replace(candidate, m =>
                {
                    var name = m.Groups[1].Value;
                    switch (name)
                    {
                        case "parent":
                            return Parent(pointer) is { } parent ? Name(SubjectOf(parent, "type"), found) : fileName;
                        case "key":
                            return KeyOf(pointer);
                        case "#":
                            return int.TryParse(Segments(pointer).LastOrDefault(), CultureInfo.InvariantCulture, out var index) ? (index + 1).ToString(CultureInfo.InvariantCulture) : "?";
                        default:
                            if (obj?[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Trim().Length > 0)
                            {
                                return InputValidator.Printable(s.Trim());
                            }

                            complete = false;
                            return string.Empty;
                    }
                });
                if (complete)
                {
                    return text;
                }
            }

            return candidates[^1];
        }

        private JsonNode? Instance(string pointer)
        {
            var node = instanceRoot;
            foreach (var segment in Segments(pointer))
            {
                node = node switch
                {
                    JsonObject o => o[segment],
                    JsonArray a when int.TryParse(segment, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < a.Count => a[i],
                    _ => null,
                };
                if (node is null)
                {
                    return null;
                }
            }

            return node;
        }

        /// <summary>The name of the property a pointer ends in, skipping list indexes (<c>/devices/0/groups/1</c> → <c>groups</c>).</summary>
        private static string KeyOf(string pointer)
        {
            var segments = Segments(pointer);
            var last = segments.LastOrDefault(s => !s.All(char.IsAsciiDigit)) ?? segments.LastOrDefault() ?? string.Empty;
            return InputValidator.Printable(last);
        }

        private static bool IsItem(string pointer) => Segments(pointer).LastOrDefault() is { } last && last.Length > 0 && last.All(char.IsAsciiDigit);

        private static string? Parent(string pointer)
        {
            if (pointer.Length == 0)
            {
                return null;
            }

            var slash = pointer.LastIndexOf('/');
            return slash <= 0 ? string.Empty : pointer[..slash];
        }

        private static string[] Segments(string pointer) =>
            pointer.Length == 0
                ? []
                : pointer[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();

        /// <summary>The keyword segments that lead from a node's evaluation path to its child's.</summary>
        private static string[] Delta(EvaluationResults parent, EvaluationResults child)
        {
            var from = Segments(parent.EvaluationPath.ToString());
            var to = Segments(child.EvaluationPath.ToString());
            return to.Length > from.Length ? to[from.Length..] : [];
        }

        /// <summary>The subschema a keyword path leads to from <paramref name="schema"/>, following local <c>$ref</c>s.</summary>
        private JsonElement? Resolve(JsonElement schema, string[] segments)
        {
            if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty(segments[0], out var value))
            {
                return null;
            }

            switch (segments[0])
            {
                case "$ref":
                    var reference = value.GetString() ?? string.Empty;
                    var hash = reference.IndexOf('#', StringComparison.Ordinal);
                    return hash < 0 ? null : At(root, reference[(hash + 1)..]);
                case "properties" or "patternProperties" or "$defs" or "dependentSchemas":
                    return segments.Length > 1 && value.TryGetProperty(segments[1], out var named) ? named : null;
                case "allOf" or "anyOf" or "oneOf" or "prefixItems":
                    return segments.Length > 1 && int.TryParse(segments[1], CultureInfo.InvariantCulture, out var i) && i < value.GetArrayLength() ? value[i] : null;
                case "items" or "additionalProperties" or "not" or "if" or "then" or "else" or "contains" or "propertyNames" or "unevaluatedProperties" or "unevaluatedItems":
                    return value;
                default:
                    return null;
            }
        }

        private static JsonElement? At(JsonElement element, string pointer)
        {
            foreach (var segment in Segments(pointer))
            {
                if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(segment, out var next))
                {
                    element = next;
                }
                else if (element.ValueKind == JsonValueKind.Array && int.TryParse(segment, CultureInfo.InvariantCulture, out var i) && i < element.GetArrayLength())
                {
                    element = element[i];
                }
                else
                {
                    return null;
                }
            }

            return element;
        }
    }

    private static List<string> Strings(JsonElement schema, string keyword)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty(keyword, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToList();
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => string.Empty,
        JsonValue v when v.TryGetValue<string>(out var s) => InputValidator.Printable(s),
        JsonValue v => v.ToJsonString(),
        JsonArray => "[…]",
        _ => "{…}",
    };

    private static string Or(IReadOnlyList<string> values) => values.Count switch
    {
        0 => string.Empty,
        1 => values[0],
        _ => string.Join(", ", values.Take(values.Count - 1)) + " or " + values[^1],
    };

    [GeneratedRegex("\\{([A-Za-z_#]+)\\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
