namespace ChatNetOps.Core.Inventory.Loading;

using YamlDotNet.RepresentationModel;

/// <summary>
/// Where the schema found problems in one file (already reported). Parsers build the model only from parts without
/// findings, so a shape problem is reported once, by the schema, and never again by the code.
/// </summary>
internal sealed class SchemaFindings(YamlJsonDocument document)
{
    private readonly List<string> _pointers = [];

    public void Add(string pointer) => _pointers.Add(pointer);

    /// <summary>True when neither <paramref name="node"/> nor anything inside it has a finding.</summary>
    public bool IsValid(YamlNode node)
    {
        var pointer = document.PointerOf(node);
        return pointer is not null && !_pointers.Any(p => p == pointer || p.StartsWith(pointer + "/", StringComparison.Ordinal));
    }
}
