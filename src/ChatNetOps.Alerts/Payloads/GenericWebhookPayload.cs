namespace ChatNetOps.Alerts.Payloads;

/// <summary>
/// The body a generic source sends to <c>/api/alerts/webhook</c> (docs/alerts.md): a Standard Webhooks event of type
/// <c>alert.fired</c> or <c>alert.resolved</c> whose <c>data</c> names the alert.
/// </summary>
internal sealed record GenericWebhookPayload
{
    public string? Type { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public GenericWebhookAlert? Data { get; init; }
}
