namespace ChatNetOps.Slack.SocketMode;

using System.Text.Json;

/// <summary>One Socket Mode frame: hello, disconnect, or a delivery (events_api, interactive, slash_commands) to acknowledge.</summary>
internal sealed record SocketEnvelope(string Type)
{
    public const string Hello = "hello";
    public const string Disconnect = "disconnect";
    public const string EventsApi = "events_api";
    public const string Interactive = "interactive";
    public const string SlashCommands = "slash_commands";

    public string? EnvelopeId { get; init; }

    public JsonElement? Payload { get; init; }

    public bool AcceptsResponsePayload { get; init; }

    public int? RetryAttempt { get; init; }

    public string? RetryReason { get; init; }

    public string? Reason { get; init; }
}
