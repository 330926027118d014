namespace ChatNetOps.Teams;

using System.Diagnostics;

/// <summary>The Teams project's trace source: spans of incoming Teams activities (docs/architecture.md, "Logging and tracing").</summary>
internal static class Telemetry
{
    public const string Name = "ChatNetOps.Teams";

    public static ActivitySource Source { get; } = new(Name);
}
