namespace ChatNetOps.Execution.Tracing;

using System.Diagnostics;
using System.Globalization;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;

/// <summary>Starts and ends the execution spans with the tags of <see cref="SpanTags"/>. Every method accepts a null span (nobody listening).</summary>
internal static class ExecutionSpans
{
    /// <summary>The span of one runbook on one device, named <c>&lt;transport&gt; &lt;device&gt;</c>, under the current activity.</summary>
    public static Activity? StartRun(DeviceCommandPlan plan)
    {
        var device = plan.Device;
        var span = Telemetry.Source.StartActivity(device.Transport.ToName() + " " + device.Name, ActivityKind.Internal);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(SpanTags.Device, device.Name);
            span.SetTag(SpanTags.Platform, device.Platform.ToName());
            span.SetTag(SpanTags.Transport, device.Transport.ToName());
            span.SetTag(SpanTags.Runbook, plan.Runbook);
            span.SetTag(SpanTags.Request, plan.RequestId);
            span.SetTag(SpanTags.Mode, plan.Mode == RunbookMode.StateChanging ? "state_changing" : "read_only");
            span.SetTag(SpanTags.CommandCount, plan.Commands.Count);
            span.SetTag(SpanTags.ServerAddress, device.Address);
            span.SetTag(SpanTags.ServerPort, device.Port);
            SetVia(span, device);
        }

        return span;
    }

    /// <summary>Tags the jump hosts a device is reached through (nothing for a device dialled directly).</summary>
    public static void SetVia(Activity? span, Device device)
    {
        if (span is { IsAllDataRequested: true } && device.Via.Count > 0)
        {
            span.SetTag(SpanTags.Via, string.Join(",", device.Via.Select(j => j.Name)));
        }
    }

    /// <summary>
    /// Getting a connection to one jump host on the way to <paramref name="device"/> (<c>ssh jump</c>): from the pool or
    /// new (then with the host-key check and authentication), a client span naming the jump host as the server.
    /// </summary>
    public static Activity? StartJump(JumpHost hop, int position, Device device)
    {
        var span = Telemetry.Source.StartActivity("ssh jump", ActivityKind.Client);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(SpanTags.Device, device.Name);
            span.SetTag(SpanTags.JumpHost, hop.Name);
            span.SetTag(SpanTags.JumpHop, position);
            span.SetTag(SpanTags.ServerAddress, hop.Address);
            span.SetTag(SpanTags.ServerPort, hop.Port);
        }

        return span;
    }

    /// <summary>A step of a run that talks to the device (connect, command, REST call): a client span naming the server.</summary>
    public static Activity? StartClient(string name, Device device)
    {
        var span = Telemetry.Source.StartActivity(name, ActivityKind.Client);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(SpanTags.Device, device.Name);
            span.SetTag(SpanTags.ServerAddress, device.Address);
            span.SetTag(SpanTags.ServerPort, device.Port);
        }

        return span;
    }

    /// <summary>A step of a run that is local to the worker (waiting for a pooled session, a simulated device).</summary>
    public static Activity? StartInternal(string name, Device device)
    {
        var span = Telemetry.Source.StartActivity(name, ActivityKind.Internal);
        span?.SetTag(SpanTags.Device, device.Name);
        return span;
    }

    /// <summary>Tags a command span: its 1-based position and the command line with anything secret-looking redacted.</summary>
    public static void SetCommand(Activity? span, int index, string command)
    {
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(SpanTags.CommandIndex, index + 1);
            span.SetTag(SpanTags.Command, OutputRedactor.Redact(command).Text);
        }
    }

    /// <summary>Ends a run span's story: status and return code, and on failure the result's own error message.</summary>
    public static void Finish(Activity? span, ExecutionStatus status, int returnCode, string? error, string? errorType)
    {
        if (span is null)
        {
            return;
        }

        span.SetTag(SpanTags.Status, status.ToString());
        span.SetTag(SpanTags.ReturnCode, returnCode);
        if (status != ExecutionStatus.Succeeded)
        {
            Fail(span, error ?? status.ToString(), errorType ?? (status == ExecutionStatus.TimedOut ? ErrorTypes.Timeout : "failed"));
        }
    }

    /// <summary>
    /// Marks a span failed: status Error described by <paramref name="message"/> (the run result's error message, passed
    /// through the output redactor in case a command line in it looks like it carries a secret), <c>error.type</c>, and
    /// when an exception ended the step an <c>exception</c> event with its type and the same description (never the
    /// exception's own message or stack, which may quote what a library received).
    /// </summary>
    public static void Fail(Activity? span, string message, string errorType, Exception? exception = null)
    {
        if (span is null)
        {
            return;
        }

        var description = OutputRedactor.Redact(message).Text;
        span.SetStatus(ActivityStatusCode.Error, description);
        span.SetTag(SpanTags.ErrorType, errorType);
        if (exception is not null)
        {
            span.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection
            {
                [SpanTags.ExceptionType] = exception.GetBaseException().GetType().FullName,
                [SpanTags.ExceptionMessage] = description,
            }));
        }
    }

    /// <summary>The caller (the worker losing its lease, shutdown) cancelled the run: no result is produced.</summary>
    public static void Cancelled(Activity? span) => Fail(span, "cancelled by the caller before the run finished", ErrorTypes.Cancelled);

    public static string Code(int statusCode) => statusCode.ToString(CultureInfo.InvariantCulture);
}
