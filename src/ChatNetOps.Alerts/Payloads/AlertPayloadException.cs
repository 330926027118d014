namespace ChatNetOps.Alerts.Payloads;

/// <summary>A body that will never be valid: answered 400 with this message, and recorded as a refusal.</summary>
internal sealed class AlertPayloadException(string message) : Exception(message);
