namespace ChatNetOps.Conversation;

using System.Diagnostics;

/// <summary>The Conversation project's trace source: dialog and result-notification spans (docs/architecture.md, "Logging and tracing").</summary>
internal static class Telemetry
{
    public const string Name = "ChatNetOps.Conversation";

    public static ActivitySource Source { get; } = new(Name);
}
