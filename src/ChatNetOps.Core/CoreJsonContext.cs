namespace ChatNetOps.Core;

using System.Text.Json;
using System.Text.Json.Serialization;
using ChatNetOps.Core.Alerts;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Queues;
using ChatNetOps.Core.Requests;

/// <summary>
/// The one stored and wire shape of the Core records every backend persists or queues (web defaults, enums as names so
/// reordering one never corrupts data, nulls omitted). The embedded and the Azure backends both use it, so a document
/// reads the same whichever wrote it.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunRequest))]
[JsonSerializable(typeof(StoredOutput))]
[JsonSerializable(typeof(DeviceLock))]
[JsonSerializable(typeof(LockWatch))]
[JsonSerializable(typeof(Incident))]
[JsonSerializable(typeof(ChangeWindows.ChangeWindow))]
[JsonSerializable(typeof(AuditEvent))]
[JsonSerializable(typeof(ConversationEndpoint))]
[JsonSerializable(typeof(RequestCard))]
[JsonSerializable(typeof(JobMessage))]
[JsonSerializable(typeof(ResultMessage))]
[JsonSerializable(typeof(ChatWorkMessage))]
[JsonSerializable(typeof(AlertNotification))]
[JsonSerializable(typeof(AlertGroup))]
[JsonSerializable(typeof(DeviceLastChange))]
[JsonSerializable(typeof(DeviceChangeBackfillState))]
public sealed partial class CoreJsonContext : JsonSerializerContext;
