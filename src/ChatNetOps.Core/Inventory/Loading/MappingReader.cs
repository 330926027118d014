namespace ChatNetOps.Core.Inventory.Loading;

using System.Globalization;
using YamlDotNet.RepresentationModel;

/// <summary>
/// Reads the keys of one YAML mapping, reporting missing required keys, wrong value shapes and unknown keys,
/// each at its own line.
/// </summary>
internal sealed class MappingReader
{
    private readonly SourceFile _file;
    private readonly YamlMappingNode _node;
    private readonly string[] _allowed;
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

    public MappingReader(SourceFile file, YamlMappingNode node, string what, params string[] allowedKeys)
    {
        _file = file;
        _node = node;
        _allowed = allowedKeys;
        What = what;
        foreach (var (key, value) in node.Children)
        {
            if (key is not YamlScalarNode scalar || scalar.Value is null)
            {
                file.Error(key, $"keys in {what} must be plain names");
                continue;
            }

            _entries[scalar.Value] = (scalar, value);
        }
    }

    /// <summary>How the mapping is named in messages, e.g. <c>device 'fw-edge-01'</c>.</summary>
    public string What { get; set; }

    public YamlMappingNode Node => _node;

    public SourceFile File => _file;

    public void ReportUnknownKeys()
    {
        foreach (var (name, entry) in _entries)
        {
            if (!_allowed.Contains(name, StringComparer.Ordinal))
            {
                _file.Error(entry.Key, $"unknown key '{name}' in {What}; expected one of {string.Join(", ", _allowed)}");
            }
        }
    }

    public YamlNode? Value(string key, bool required)
    {
        if (_entries.TryGetValue(key, out var entry) && !IsNull(entry.Value))
        {
            return entry.Value;
        }

        if (required)
        {
            _file.Error(_node, $"{What} is missing required key '{key}'");
        }

        return null;
    }

    public YamlScalarNode? Scalar(string key, bool required)
    {
        var value = Value(key, required);
        if (value is null)
        {
            return null;
        }

        if (value is YamlScalarNode scalar)
        {
            return scalar;
        }

        _file.Error(value, $"'{key}' in {What} must be a single value, not a list or mapping");
        return null;
    }

    public string? String(string key, bool required)
    {
        var scalar = Scalar(key, required);
        if (scalar?.Value is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(scalar.Value))
        {
            _file.Error(scalar, $"'{key}' in {What} must not be empty");
            return null;
        }

        return scalar.Value.Trim();
    }

    public long? Integer(string key, bool required)
    {
        var scalar = Scalar(key, required);
        if (scalar?.Value is null)
        {
            return null;
        }

        if (!long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            _file.Error(scalar, $"'{key}' in {What} must be a whole number, not '{scalar.Value}'");
            return null;
        }

        return number;
    }

    public bool? Bool(string key, bool required)
    {
        var scalar = Scalar(key, required);
        if (scalar?.Value is null)
        {
            return null;
        }

        switch (scalar.Value.ToLowerInvariant())
        {
            case "true": return true;
            case "false": return false;
            default:
                _file.Error(scalar, $"'{key}' in {What} must be true or false, not '{scalar.Value}'");
                return null;
        }
    }

    public YamlMappingNode? Mapping(string key, bool required)
    {
        var value = Value(key, required);
        if (value is null)
        {
            return null;
        }

        if (value is YamlMappingNode mapping)
        {
            return mapping;
        }

        _file.Error(value, $"'{key}' in {What} must be a mapping of keys to values");
        return null;
    }

    public YamlSequenceNode? Sequence(string key, bool required)
    {
        var value = Value(key, required);
        if (value is null)
        {
            return null;
        }

        if (value is YamlSequenceNode sequence)
        {
            return sequence;
        }

        _file.Error(value, $"'{key}' in {What} must be a list");
        return null;
    }

    /// <summary>A list of plain values; each non-scalar item is reported and skipped.</summary>
    public List<YamlScalarNode>? StringList(string key, bool required, bool allowEmpty = false)
    {
        var sequence = Sequence(key, required);
        if (sequence is null)
        {
            return null;
        }

        if (sequence.Children.Count == 0 && !allowEmpty)
        {
            _file.Error(sequence, $"'{key}' in {What} must not be empty");
        }

        var items = new List<YamlScalarNode>();
        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode { Value: { } v } scalar && !string.IsNullOrWhiteSpace(v))
            {
                items.Add(scalar);
            }
            else
            {
                _file.Error(item, $"items of '{key}' in {What} must be non-empty single values");
            }
        }

        return items;
    }

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };
}
