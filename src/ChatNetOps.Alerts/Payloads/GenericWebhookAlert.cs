namespace ChatNetOps.Alerts.Payloads;

internal sealed record GenericWebhookAlert
{
    public string? Source { get; init; }

    public string? ExternalId { get; init; }

    public string? Severity { get; init; }

    public string? Device { get; init; }

    public string? Summary { get; init; }

    public string? Status { get; init; }

    public string? Url { get; init; }

    public Dictionary<string, string>? Labels { get; init; }
}
