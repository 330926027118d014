namespace ChatNetOps.Alerts.Payloads;

using System.Text.Json;
using System.Text.Json.Serialization;

/// <summary>The inbound wire shapes: web defaults (camelCase, case-insensitive), unknown fields ignored, numbers never read as strings.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, AllowTrailingCommas = false, MaxDepth = 32)]
[JsonSerializable(typeof(AlertmanagerPayload))]
[JsonSerializable(typeof(AzureMonitorPayload))]
[JsonSerializable(typeof(GenericWebhookPayload))]
internal sealed partial class AlertsJsonContext : JsonSerializerContext;
