namespace ChatNetOps.Slack.Tests.Fakes;

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

/// <summary>Requests as Slack sends them: form or JSON bodies with X-Slack-Request-Timestamp and X-Slack-Signature.</summary>
public static class SignedRequests
{
    public const string SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5";

    public static string Sign(string secret, string timestamp, string body) =>
        "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));

    public static string Now() => TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static HttpRequestMessage Post(string path, string body, string contentType, string? timestamp = null, string? signature = null, bool sign = true)
    {
        timestamp ??= Now();
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        if (sign)
        {
            request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
            request.Headers.Add("X-Slack-Signature", signature ?? Sign(SigningSecret, timestamp, body));
        }

        return request;
    }

    public static string Form(params (string Key, string Value)[] fields) =>
        string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));

    public static HttpRequestMessage Command(string userId, string channelId, string text, Uri responseUrl, string? userName = null, string? triggerId = null) =>
        Post("/slack/commands", Form(
            ("token", "legacy"), ("team_id", "T0TEAM0001"), ("team_domain", "contoso"), ("channel_id", channelId), ("channel_name", "incident"),
            ("user_id", userId), ("user_name", userName ?? userId.ToLowerInvariant()), ("command", "/netops"), ("text", text),
            ("api_app_id", "A0APP0001"), ("response_url", responseUrl.ToString()), ("trigger_id", triggerId ?? "1337.42.trigger")),
            "application/x-www-form-urlencoded");

    public static JsonObject ButtonPayload(string userId, string channelId, string messageTs, string actionId, string? value, Uri responseUrl, string actionTs) =>
        new()
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = userId, ["username"] = userId.ToLowerInvariant(), ["name"] = userId.ToLowerInvariant(), ["team_id"] = "T0TEAM0001" },
            ["api_app_id"] = "A0APP0001",
            ["team"] = new JsonObject { ["id"] = "T0TEAM0001", ["domain"] = "contoso" },
            ["trigger_id"] = "1337.42.button-trigger",
            ["response_url"] = responseUrl.ToString(),
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = messageTs, ["channel_id"] = channelId, ["is_ephemeral"] = false },
            ["channel"] = new JsonObject { ["id"] = channelId, ["name"] = "incident" },
            ["message"] = new JsonObject { ["ts"] = messageTs },
            ["actions"] = new JsonArray(new JsonObject
            {
                ["action_id"] = actionId,
                ["block_id"] = "b1",
                ["type"] = "button",
                ["value"] = value,
                ["action_ts"] = actionTs,
            }),
        };

    public static HttpRequestMessage Interaction(JsonObject payload) =>
        Post("/slack/interactions", Form(("payload", payload.ToJsonString())), "application/x-www-form-urlencoded");

    public static HttpRequestMessage Event(JsonObject envelope, int? retryNum = null)
    {
        var request = Post("/slack/events", envelope.ToJsonString(), "application/json");
        if (retryNum is { } n)
        {
            request.Headers.Add("X-Slack-Retry-Num", n.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        return request;
    }

    public static JsonObject MessageEvent(string eventId, string type, string userId, string channelId, string text, string channelType = "channel") =>
        new()
        {
            ["token"] = "legacy",
            ["team_id"] = "T0TEAM0001",
            ["api_app_id"] = "A0APP0001",
            ["type"] = "event_callback",
            ["event_id"] = eventId,
            ["event_time"] = 1_700_000_000,
            ["authorizations"] = new JsonArray(new JsonObject { ["user_id"] = "U0BOT00000", ["is_bot"] = true }),
            ["event"] = new JsonObject
            {
                ["type"] = type,
                ["user"] = userId,
                ["text"] = text,
                ["channel"] = channelId,
                ["channel_type"] = channelType,
                ["ts"] = "1700000000.000001",
                ["event_ts"] = "1700000000.000001",
            },
        };
}
