namespace ChatNetOps.Slack;

using System.Diagnostics;

/// <summary>The Slack project's trace source: spans of the Slack hand-off: the ack that queues a payload and the replica that processes it (docs/architecture.md, "Logging and tracing").</summary>
internal static class Telemetry
{
    public const string Name = "ChatNetOps.Slack";

    public static ActivitySource Source { get; } = new(Name);
}
