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
    public static Activity? StartFrom(string name, ActivityKind kind, string? traceParent) => StartFrom(Source, name, kind, traceParent);

    /// <summary>
    /// Starts an activity of <paramref name="source"/> continuing the trace carried in a W3C traceparent (a queue
    /// message's), when there is one; otherwise under the current activity.
    /// </summary>
    public static Activity? StartFrom(ActivitySource source, string name, ActivityKind kind, string? traceParent)
    {
        ArgumentNullException.ThrowIfNull(source);
        return ActivityContext.TryParse(traceParent, null, out var parent)
            ? source.StartActivity(name, kind, parent)
            : source.StartActivity(name, kind);
    }
}
