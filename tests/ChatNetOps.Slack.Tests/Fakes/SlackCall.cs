namespace ChatNetOps.Slack.Tests.Fakes;

using System.Text.Json.Nodes;

/// <summary>One request the fake Slack API received.</summary>
public sealed record SlackCall(string Method, string? Authorization, string RawBody, JsonObject? Json, IReadOnlyDictionary<string, string> Form, int Sequence)
{
    /// <summary>For a response_url post: the hook's id (the last segment of its URL).</summary>
    public string? Hook { get; init; }

    /// <summary>What the fake answered (for chat.postMessage: the new message's ts).</summary>
    public JsonObject? Response { get; set; }

    public string? Ts => (string?)Response?["ts"] ?? Str("ts");

    public string? Str(string property) => Json?[property]?.GetValue<string>() ?? (Form.TryGetValue(property, out var v) ? v : null);

    public JsonArray? Blocks => Json?["blocks"] as JsonArray ?? (Json?["view"] as JsonObject)?["blocks"] as JsonArray;

    /// <summary>All text of the payload (top-level text and block texts), for assertions.</summary>
    public string AllText => RawBody;
}
