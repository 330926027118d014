namespace ChatNetOps.Execution.Ssh;

using System.Diagnostics;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Execution.Tracing;

/// <summary>
/// The spans of one SSH run and the error they report. A step (session, connect, shell, enable, VDOM, command) that an
/// exception leaves is marked failed before its span ends, with the error the run's result will carry: the executor
/// turns an exception into that error once per run (<see cref="Begin"/>), and the trace is ambient like
/// <see cref="Activity.Current"/>, so the pool, the connection factory and the drivers report the very same message
/// without passing it around. Only the innermost span of a failure gets the <c>exception</c> event.
/// </summary>
internal sealed class SshRunTrace
{
    private static readonly AsyncLocal<SshRunTrace?> Ambient = new();

    private readonly Func<Exception, SshOutcome?> _describe;
    private SshOutcome? _failure;
    private Exception? _recorded;

    private SshRunTrace(Func<Exception, SshOutcome?> describe) => _describe = describe;

    /// <summary>
    /// Starts the trace of a run for the rest of the calling async flow. <paramref name="describe"/> maps an exception to
    /// the run's outcome, or null when it is not a device-side problem (the caller's cancellation, a bug).
    /// </summary>
    public static SshRunTrace Begin(Func<Exception, SshOutcome?> describe)
    {
        var trace = new SshRunTrace(describe);
        Ambient.Value = trace;
        return trace;
    }

    /// <summary>The run's outcome for <paramref name="exception"/>; the first failure of the run is decided once and kept.</summary>
    public SshOutcome? Describe(Exception exception) => _failure ??= _describe(exception);

    /// <summary>Forgets a failure the run recovered from (a stale pooled session replaced by a new one).</summary>
    public void Recovered()
    {
        _failure = null;
        _recorded = null;
    }

    /// <summary>Runs <paramref name="step"/> in a child span of the current activity; a failure marks the span and propagates.</summary>
    public static Task<T> StepAsync<T>(string name, ActivityKind kind, Device device, Func<Activity?, Task<T>> step) =>
        StepAsync(() => kind == ActivityKind.Client ? ExecutionSpans.StartClient(name, device) : ExecutionSpans.StartInternal(name, device), step);

    /// <summary>Runs <paramref name="step"/> in the span <paramref name="start"/> begins; a failure marks the span and propagates.</summary>
    public static async Task<T> StepAsync<T>(Func<Activity?> start, Func<Activity?, Task<T>> step)
    {
        using var span = start();
        try
        {
            return await step(span);
        }
        catch (Exception ex)
        {
            Fail(span, ex);
            throw;
        }
    }

    public static async Task StepAsync(string name, ActivityKind kind, Device device, Func<Activity?, Task> step)
    {
        await StepAsync<bool>(name, kind, device, async span =>
        {
            await step(span);
            return true;
        });
    }

    private static void Fail(Activity? span, Exception exception)
    {
        if (span is null || Ambient.Value is not { } trace || trace.Describe(exception) is not { Error: { } error } outcome)
        {
            return;
        }

        var innermost = !ReferenceEquals(trace._recorded, exception);
        trace._recorded = exception;
        ExecutionSpans.Fail(span, error, outcome.ErrorType ?? ErrorTypes.ConnectionFailed, innermost ? exception : null);
    }
}
