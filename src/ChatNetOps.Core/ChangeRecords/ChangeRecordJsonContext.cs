namespace ChatNetOps.Core.ChangeRecords;

using System.Text.Json;
using System.Text.Json.Serialization;

/// <summary>The stored shape of outbox entries and links (same conventions as <see cref="CoreJsonContext"/>).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OutboxEntry))]
[JsonSerializable(typeof(ChangeRecordLink))]
public sealed partial class ChangeRecordJsonContext : JsonSerializerContext;
