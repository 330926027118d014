namespace ChatNetOps.Execution.Ssh;

using System.Diagnostics;
using System.Text.RegularExpressions;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.Tracing;

/// <summary>
/// Cisco IOS / NX-OS privilege escalation. A session whose prompt ends in <c>&gt;</c> (user EXEC) sends <c>enable</c>,
/// answers <c>Password:</c> with the credential's enable secret (once: a second question is answered empty so the
/// device gives up) and must then show a <c>#</c> prompt. A session already at <c>#</c> is left alone. The secret is
/// never put in a transcript, an error or a log.
/// </summary>
internal static partial class CiscoEnable
{
    public const string Step = "while entering enable mode";

    /// <summary>IOS asks three times before <c>% Bad secrets</c>; more questions than that is not a password dialogue.</summary>
    private const int MaxBlankAnswers = 3;

    public static bool IsUserExec(InteractiveShell shell) => shell.CurrentPrompt.TrimEnd().EndsWith('>');

    /// <summary>Enters enable mode when the session is at user EXEC, in an <c>ssh enable</c> span; a privileged session is left alone.</summary>
    public static Task EnsurePrivilegedAsync(InteractiveShell shell, Device device, DeviceCredential credential, CancellationToken cancellationToken) =>
        IsUserExec(shell)
            ? SshRunTrace.StepAsync("ssh enable", ActivityKind.Client, device, _ => EnableAsync(shell, device, credential, cancellationToken))
            : Task.CompletedTask;

    private static async Task EnableAsync(InteractiveShell shell, Device device, DeviceCredential credential, CancellationToken cancellationToken)
    {
        var secret = credential.EnableSecret;
        if (string.IsNullOrEmpty(secret))
        {
            throw new SshRunException(
                ExecutionStatus.Failed,
                $"no enable secret configured for {device.Name}: the account logs in at user EXEC ('{shell.CurrentPrompt.Trim()}'); " +
                $"add an enable secret to credential '{device.CredentialRef}' or give the account privilege 15")
            {
                ErrorType = ErrorTypes.Credential,
            };
        }

        string output;
        try
        {
            (_, output, var asked) = await shell.RunUntilAsync("enable", PasswordPrompt(), cancellationToken);
            if (asked)
            {
                (output, asked) = await shell.AnswerSecretAsync(secret, PasswordPrompt(), cancellationToken);
                for (var i = 0; asked && i < MaxBlankAnswers; i++)
                {
                    // Asked again: the secret was refused. It is never sent twice; empty answers end the dialogue.
                    (output, asked) = await shell.AnswerSecretAsync(string.Empty, PasswordPrompt(), cancellationToken);
                }

                if (asked)
                {
                    throw new SshRunException(ExecutionStatus.Failed, $"enable failed on {device.Name}: the device keeps asking for a password") { ErrorType = ErrorTypes.EnableFailed };
                }
            }
        }
        catch (CommandInterruptedException ex)
        {
            throw new CommandInterruptedException(ex.PartialTranscript, ex.Message, ex.InnerException) { NothingReceived = ex.NothingReceived, Step = Step };
        }

        if (shell.CurrentPrompt.TrimEnd().EndsWith('#'))
        {
            return;
        }

        var reason = DeviceMessage().Match(output) is { Success: true } m
            ? m.Value.Trim().Replace(secret, OutputRedactor.Placeholder, StringComparison.Ordinal)
            : $"the prompt is still '{shell.CurrentPrompt.Trim()}'";
        throw new SshRunException(ExecutionStatus.Failed, $"enable failed on {device.Name}: {reason}") { ErrorType = ErrorTypes.EnableFailed };
    }

    // "Password: " at the end of the output (IOS and NX-OS; some AAA setups print "password:").
    [GeneratedRegex(@"(?<=\A|[\r\n])[ \t]*[Pp]assword:[ \t]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex PasswordPrompt();

    // % Access denied / % Bad secrets / % No password set / % Error in authentication.
    [GeneratedRegex(@"^[ \t]*%.*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex DeviceMessage();
}
