namespace ChatNetOps.Execution;

using System.Diagnostics;

/// <summary>
/// The Execution project's trace source. Under the current activity (the worker's job run span) every device run is a
/// span with child spans for each step: the SSH session (from the pool or new), connect (host-key check and
/// authentication), shell, Cisco enable, FortiOS VDOM, each command, and each FortiGate REST call. Spans never carry
/// credentials, enable secrets, device output or values the output redactor would hide; a failed span's description
/// is the error message of the run's result. See docs/execution.md (Tracing).
/// </summary>
public static class Telemetry
{
    public const string Name = "ChatNetOps.Execution";

    public static ActivitySource Source { get; } = new(Name);
}
