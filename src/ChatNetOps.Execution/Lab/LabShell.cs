namespace ChatNetOps.Execution.Lab;

/// <summary>
/// One CLI session on a lab device. A shell keeps per-session state (configuration mode, the FortiOS session
/// filter) while the device keeps what outlives the session. Commands run one at a time under the device's lock.
/// </summary>
internal abstract class LabShell(LabDevice device, TimeProvider time, TimeSpan ospfRecovery)
{
    protected LabDevice Device { get; } = device;

    protected TimeSpan OspfRecovery { get; } = ospfRecovery;

    protected DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The prompt the device shows before the next command, e.g. <c>acc-sw-01#</c> or <c>fw-edge-01 # </c>.</summary>
    public abstract string Prompt { get; }

    public CommandOutcome Execute(string command)
    {
        lock (Device.Gate)
        {
            return Run(command.Trim());
        }
    }

    protected abstract CommandOutcome Run(string command);

    protected static string Uptime(TimeSpan span) =>
        $"{span.Days} days, {span.Hours} hours, {span.Minutes} minutes";

    protected static string Clock(TimeSpan span) => $"{(int)span.TotalHours:00}:{span.Minutes:00}:{span.Seconds:00}";
}
