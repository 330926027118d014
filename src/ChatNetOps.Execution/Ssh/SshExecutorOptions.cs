namespace ChatNetOps.Execution.Ssh;

using System.ComponentModel.DataAnnotations;

/// <summary>Timeouts and pooling for <see cref="SshExecutor"/>. The whole-runbook limit is the runbook's own timeout.</summary>
public sealed class SshExecutorOptions
{
    public const string SectionName = "Execution:Ssh";

    /// <summary>TCP connect, SSH handshake and authentication together.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>One command: from sending it until the device's prompt (or exit status) comes back.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an authenticated session may sit unused in the pool before it is closed.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Terminal width requested for interactive shells (IOS/NX-OS also get <c>terminal width</c>).</summary>
    [Range(80, 511)]
    public int TerminalWidth { get; set; } = 511;

    /// <summary>
    /// How long output must stay at a trailing question (<c>[confirm]</c>, <c>(y/n)</c>, <c>Password:</c>) the runbook
    /// does not declare before the run fails with "the device asked: …" (instead of waiting out the timeouts).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan QuestionGrace { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound on output kept per run; more is cut and the run marked failed.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxOutputChars { get; set; } = 4 * 1024 * 1024;
}
