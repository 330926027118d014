namespace ChatNetOps.Azure.Cosmos;

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

/// <summary>Core records to and from Cosmos documents: the record's own JSON plus the fields the container needs.</summary>
internal static class CosmosJson
{
    public static JsonObject ToDocument<T>(T value, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.SerializeToNode(value, typeInfo)?.AsObject()
            ?? throw new InvalidOperationException($"{typeof(T).Name} serialized to JSON null.");

    public static T FromDocument<T>(JsonElement document, JsonTypeInfo<T> typeInfo) =>
        document.Deserialize(typeInfo)
            ?? throw new InvalidDataException($"A Cosmos document of {typeof(T).Name} is JSON null; it was written by something other than ChatNetOps.");

    /// <summary>Ticks of the UTC instant: a number that orders correctly whatever the offset of the stored time.</summary>
    public static long Ticks(DateTimeOffset value) => value.UtcTicks;
}
