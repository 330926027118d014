namespace ChatNetOps.Azure;

using System.Text.Json;
using System.Text.Json.Serialization;
using ChatNetOps.Azure.Cosmos;
using ChatNetOps.Azure.KeyVault;
using ChatNetOps.Azure.ServiceBus;

/// <summary>
/// Source-generated JSON for the documents only the Azure backends have, with the same options as
/// <see cref="ChatNetOps.Core.CoreJsonContext"/> (which every backend uses for Core's records).
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SessionSlotDocument))]
[JsonSerializable(typeof(ChatStateDocument))]
[JsonSerializable(typeof(SecretDocument))]
internal sealed partial class AzureJsonContext : JsonSerializerContext;
