namespace ChatNetOps.Core;

using System.Diagnostics;
using System.Diagnostics.Metrics;

/// <summary>The Core project's trace source and meter.</summary>
public static class Telemetry
{
    public const string Name = "ChatNetOps.Core";

    public static ActivitySource Source { get; } = new(Name);

    public static Meter Meter { get; } = new(Name);

    /// <summary>Starts an activity continuing the trace carried in a W3C traceparent, when there is one.</summary>
    public static Activity? StartFrom(string name, ActivityKind kind, string? traceParent) =>
        ActivityContext.TryParse(traceParent, null, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : Source.StartActivity(name, kind);
}
