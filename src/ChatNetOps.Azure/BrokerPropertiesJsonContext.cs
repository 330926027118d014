namespace ChatNetOps.Azure;

using System.Text.Json.Serialization;
using ChatNetOps.Azure.ServiceBus;

/// <summary>Service Bus BrokerProperties as the REST API spells them (PascalCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BrokerProperties))]
internal sealed partial class BrokerPropertiesJsonContext : JsonSerializerContext;
