namespace ChatNetOps.Core.Inventory.Loading;

using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

/// <summary>
/// A YAML file as the JSON instance its JSON Schema validates, with the way back from every JSON pointer to the YAML
/// line it came from. Scalars are typed as the YAML 1.2 core schema types them (what editors using the same schema do):
/// plain <c>30</c> is an integer, <c>true</c> a boolean, quoted <c>"30"</c> a string. A key with an empty value counts as
/// absent, as it always has in these files.
/// </summary>
internal sealed class YamlJsonDocument
{
    private const int MaxDepth = 64;
    private const int MaxNodes = 200_000;

    private readonly Dictionary<string, (Mark? Key, YamlNode Value)> _byPointer = new(StringComparer.Ordinal);
    private readonly Dictionary<YamlNode, string> _pointers = new(ReferenceEqualityComparer.Instance);
    private int _nodes;

    private YamlJsonDocument()
    {
    }

    public static YamlJsonDocument Empty { get; } = new();

    public JsonNode Root { get; private set; } = new JsonObject();

    /// <summary>Converts <paramref name="root"/>; non-scalar keys and over-deep or over-large documents are reported to <paramref name="file"/> and left out.</summary>
    public static YamlJsonDocument From(YamlMappingNode root, SourceFile file)
    {
        var document = new YamlJsonDocument();
        document.Root = document.Convert(root, string.Empty, null, 0, file) ?? new JsonObject();
        return document;
    }

    /// <summary>The JSON pointer of a YAML node of this document; null for a node that was left out.</summary>
    public string? PointerOf(YamlNode node) => _pointers.GetValueOrDefault(node);

    /// <summary>Where the value at <paramref name="pointer"/> starts, or where its key starts when <paramref name="atKey"/>.</summary>
    public Mark? MarkOf(string pointer, bool atKey = false)
    {
        if (!_byPointer.TryGetValue(pointer, out var entry))
        {
            return null;
        }

        return atKey && entry.Key is { } key ? key : entry.Value.Start;
    }

    public static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private JsonNode? Convert(YamlNode node, string pointer, Mark? key, int depth, SourceFile file)
    {
        if (depth > MaxDepth || ++_nodes > MaxNodes)
        {
            if (depth > MaxDepth || _nodes == MaxNodes + 1)
            {
                file.Error(node, $"the document nests deeper than {MaxDepth} levels or has more than {MaxNodes} values (are YAML aliases expanding?)");
            }

            return null;
        }

        // A YAML alias makes the same node appear at two places; the first keeps the pointer used for line look-ups.
        _pointers.TryAdd(node, pointer);
        _byPointer[pointer] = (key, node);
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (k, v) in mapping.Children)
                {
                    if (k is not YamlScalarNode { Value: { } name })
                    {
                        file.Error(k, "keys must be plain names, not lists or mappings");
                        continue;
                    }

                    if (MappingReader.IsNull(v) || obj.ContainsKey(name))
                    {
                        continue;
                    }

                    obj[name] = Convert(v, pointer + "/" + Escape(name), k.Start, depth + 1, file);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                var index = 0;
                foreach (var item in sequence.Children)
                {
                    array.Add(Convert(item, pointer + "/" + index.ToString(CultureInfo.InvariantCulture), null, depth + 1, file));
                    index++;
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                return null;
        }
    }

    /// <summary>The YAML 1.2 core schema's reading of a scalar.</summary>
    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (scalar.Style != ScalarStyle.Plain || tag == "tag:yaml.org,2002:str")
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return JsonValue.Create(hex);
        }

        if (IsCoreFloat(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }

    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    private static bool IsCoreFloat(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] is '-' or '+')
        {
            i++;
        }

        var digits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
            digits++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '-' or '+')
            {
                i++;
            }

            var exponent = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                exponent++;
            }

            if (exponent == 0)
            {
                return false;
            }
        }

        return i == text.Length;
    }
}
