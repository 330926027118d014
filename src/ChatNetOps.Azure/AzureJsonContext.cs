namespace ChatNetOps.Azure;

using System.Text.Json;
using System.Text.Json.Serialization;
using ChatNetOps.Azure.Cosmos;
using ChatNetOps.Azure.KeyVault;
using ChatNetOps.Azure.ServiceBus;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Queues;
using ChatNetOps.Core.Requests;

/// <summary>
/// Source-generated JSON for every Core record the Azure backends persist or send, with the same shape as the embedded
/// store (web defaults, enums as names, nulls omitted), so documents read alike in both.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunRequest))]
[JsonSerializable(typeof(StoredOutput))]
[JsonSerializable(typeof(DeviceLock))]
[JsonSerializable(typeof(SessionSlotDocument))]
[JsonSerializable(typeof(Incident))]
[JsonSerializable(typeof(AuditEvent))]
[JsonSerializable(typeof(ConversationEndpoint))]
[JsonSerializable(typeof(ChatStateDocument))]
[JsonSerializable(typeof(JobMessage))]
[JsonSerializable(typeof(ResultMessage))]
[JsonSerializable(typeof(SecretDocument))]
internal sealed partial class AzureJsonContext : JsonSerializerContext;
