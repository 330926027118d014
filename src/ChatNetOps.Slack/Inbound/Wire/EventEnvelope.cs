namespace ChatNetOps.Slack.Inbound.Wire;

/// <summary>An Events API request: <c>url_verification</c> or <c>event_callback</c>.</summary>
internal sealed record EventEnvelope(string Type)
{
    public const string UrlVerification = "url_verification";
    public const string EventCallback = "event_callback";

    public string? Challenge { get; init; }

    public string? TeamId { get; init; }

    public string? ApiAppId { get; init; }

    public string? EventId { get; init; }

    public long? EventTime { get; init; }

    public SlackEvent? Event { get; init; }

    public IReadOnlyList<EventAuthorization>? Authorizations { get; init; }
}
