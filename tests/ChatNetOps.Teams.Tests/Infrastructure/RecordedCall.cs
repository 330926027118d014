namespace ChatNetOps.Teams.Tests.Infrastructure;

using System.Text.Json.Nodes;

public sealed record RecordedCall(string Method, string Path, string Authorization, JsonNode? Body)
{
    /// <summary>The Adaptive Card in an activity body, when it carries one.</summary>
    public JsonObject? Card => Body?["attachments"]?[0]?["content"] as JsonObject;

    public string? Summary => Body?["summary"]?.GetValue<string>() ?? Body?["text"]?.GetValue<string>();

    public string CardText => Card?.ToJsonString() ?? string.Empty;
}
