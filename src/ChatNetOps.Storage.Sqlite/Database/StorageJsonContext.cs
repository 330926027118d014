namespace ChatNetOps.Storage.Sqlite.Database;

using System.Text.Json;
using System.Text.Json.Serialization;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Queues;
using ChatNetOps.Core.Requests;

/// <summary>Source-generated JSON for every Core record the store persists. Enums as names, so reordering one never corrupts data.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunRequest))]
[JsonSerializable(typeof(StoredOutput))]
[JsonSerializable(typeof(DeviceLock))]
[JsonSerializable(typeof(Incident))]
[JsonSerializable(typeof(AuditEvent))]
[JsonSerializable(typeof(ConversationEndpoint))]
[JsonSerializable(typeof(JobMessage))]
[JsonSerializable(typeof(ResultMessage))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
