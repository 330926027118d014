namespace ChatNetOps.Core.Inventory.Loading;

using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;

/// <summary>
/// The JSON Schemas of <c>inventory/schemas</c>, embedded in this assembly at build time (so the CLI and the hosts
/// carry them; nothing is read from disk), built once per process. They are the one statement of each file's shape:
/// editors validate against them, and <see cref="SchemaCheck"/> turns their findings into <c>file:line</c> diagnostics.
/// </summary>
internal sealed class InventorySchema
{
    private const string ResourcePrefix = "ChatNetOps.Core.Inventory.Schemas.";

    private static readonly ConcurrentDictionary<string, InventorySchema> Cache = new(StringComparer.Ordinal);

    private InventorySchema(string name, JsonDocument document)
    {
        Name = name;
        Document = document;
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        Schema = JsonSchema.Build(document.RootElement, options);
    }

    /// <summary>The schema's file name, e.g. <c>devices.schema.json</c>.</summary>
    public string Name { get; }

    /// <summary>The schema as written, for reading keywords and <c>x-lint</c> messages at an evaluation path.</summary>
    public JsonDocument Document { get; }

    public JsonSchema Schema { get; }

    /// <summary>The schema for <paramref name="yamlFile"/> (<c>devices.yaml</c> → <c>devices.schema.json</c>).</summary>
    public static InventorySchema For(string yamlFile) =>
        Cache.GetOrAdd(Path.GetFileNameWithoutExtension(yamlFile) + ".schema.json", Load);

    /// <summary>The embedded schema file's text, byte for byte as in <c>inventory/schemas</c>.</summary>
    public static string Text(string schemaFile)
    {
        using var stream = typeof(InventorySchema).Assembly.GetManifestResourceStream(ResourcePrefix + schemaFile)
            ?? throw new InvalidOperationException($"The schema {schemaFile} is not embedded in ChatNetOps.Core; it is built from inventory/schemas/{schemaFile} (see ChatNetOps.Core.csproj).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static InventorySchema Load(string schemaFile) => new(schemaFile, JsonDocument.Parse(Text(schemaFile)));
}
