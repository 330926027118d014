namespace ChatNetOps.Slack.SocketMode;

using System.Text.Json;

/// <summary>The acknowledgement of one envelope, with an immediate response payload when the envelope accepts one.</summary>
internal sealed record SocketAck(string EnvelopeId)
{
    public JsonElement? Payload { get; init; }
}
