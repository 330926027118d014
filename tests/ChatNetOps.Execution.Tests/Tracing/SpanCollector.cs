namespace ChatNetOps.Execution.Tests.Tracing;

using System.Collections.Concurrent;
using System.Diagnostics;

/// <summary>
/// Records the execution spans of one test. The constructor starts a parent span (the current activity from then on,
/// standing in for the worker's job run span); only spans of that trace are kept, so tests running in parallel do not
/// see each other's spans. Dispose ends the parent and stops listening.
/// </summary>
internal sealed class SpanCollector : IDisposable
{
    private static readonly ActivitySource TestSource = new("ChatNetOps.Execution.Tests");

    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private ActivityTraceId? _traceId;

    public SpanCollector()
    {
        // Read the test source before listening: created lazily inside AddActivityListener, it would miss this listener.
        var testSource = TestSource;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is Telemetry.Name or "ChatNetOps.Core" || ReferenceEquals(source, testSource),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (_traceId is { } id && activity.TraceId == id)
                {
                    _stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        Parent = testSource.StartActivity("test")
            ?? throw new InvalidOperationException("the test listener samples every activity; StartActivity cannot return null here");
        _traceId = Parent.TraceId;
    }

    /// <summary>The current activity while the collector lives: every execution span of the test is under it.</summary>
    public Activity Parent { get; }

    /// <summary>Stopped ChatNetOps.Execution spans of this trace, in the order they started.</summary>
    public IReadOnlyList<Activity> Spans =>
        [.. _stopped.Where(a => a.Source.Name == Telemetry.Name).OrderBy(a => a.StartTimeUtc)];

    public IReadOnlyList<Activity> Named(string operationName) =>
        [.. Spans.Where(a => string.Equals(a.OperationName, operationName, StringComparison.Ordinal))];

    /// <summary>The one run span (a device run is the only span whose parent is <see cref="Parent"/>).</summary>
    public Activity Run => Assert.Single(Spans, a => a.ParentSpanId == Parent.SpanId);

    /// <summary>Every string a span exports: names, status description, tag values, event names and event tag values, baggage.</summary>
    public static IEnumerable<string> ExportedText(Activity span)
    {
        yield return span.OperationName;
        yield return span.DisplayName;
        if (span.StatusDescription is { } description)
        {
            yield return description;
        }

        foreach (var (key, value) in span.TagObjects)
        {
            yield return key;
            yield return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }

        foreach (var e in span.Events)
        {
            yield return e.Name;
            foreach (var (key, value) in e.Tags)
            {
                yield return key;
                yield return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            }
        }

        foreach (var (key, value) in span.Baggage)
        {
            yield return key;
            yield return value ?? string.Empty;
        }
    }

    public void Dispose()
    {
        Parent.Dispose();
        _listener.Dispose();
    }
}
