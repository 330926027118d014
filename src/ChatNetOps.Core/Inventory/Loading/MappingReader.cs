namespace ChatNetOps.Core.Inventory.Loading;

using System.Globalization;
using YamlDotNet.RepresentationModel;

/// <summary>
/// Reads the values of one YAML mapping for model construction. It reports nothing: the file's JSON Schema has
/// already checked every key and value shape (<see cref="SchemaCheck"/>), so a value of an unexpected shape is simply
/// absent here and the part that holds it is not built.
/// </summary>
internal sealed class MappingReader
{
    private readonly Dictionary<string, YamlNode> _entries = new(StringComparer.Ordinal);

    public MappingReader(YamlMappingNode node)
    {
        Node = node;
        foreach (var (key, value) in node.Children)
        {
            if (key is YamlScalarNode { Value: { } name } && !IsNull(value))
            {
                _entries.TryAdd(name, value);
            }
        }
    }

    public YamlMappingNode Node { get; }

    public YamlNode? Value(string key) => _entries.GetValueOrDefault(key);

    public YamlScalarNode? Scalar(string key) => Value(key) as YamlScalarNode;

    /// <summary>The trimmed text of a scalar, or null when absent or blank.</summary>
    public string? String(string key) => Scalar(key)?.Value?.Trim() is { Length: > 0 } text ? text : null;

    public long? Integer(string key) =>
        long.TryParse(Scalar(key)?.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;

    public bool? Bool(string key) => Scalar(key)?.Value?.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => null,
    };

    public YamlMappingNode? Mapping(string key) => Value(key) as YamlMappingNode;

    public YamlSequenceNode? Sequence(string key) => Value(key) as YamlSequenceNode;

    /// <summary>The non-blank scalar items of a list (others were reported by the schema).</summary>
    public List<YamlScalarNode> StringList(string key) =>
        Sequence(key)?.Children.OfType<YamlScalarNode>().Where(s => !string.IsNullOrWhiteSpace(s.Value)).ToList() ?? [];

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };
}
