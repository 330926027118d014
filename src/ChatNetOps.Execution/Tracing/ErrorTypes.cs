namespace ChatNetOps.Execution.Tracing;

/// <summary>
/// Values of <c>error.type</c> on failed execution spans: a small fixed set an operator can group by. HTTP failures
/// use the status code (<c>401</c>, <c>503</c>) as the semantic conventions ask.
/// </summary>
internal static class ErrorTypes
{
    public const string Timeout = "timeout";
    public const string Cancelled = "cancelled";
    public const string Unsupported = "unsupported";
    public const string Credential = "credential_error";
    public const string ConnectionFailed = "connection_failed";

    /// <summary>A jump host on the way to the device could not be reached (the device was not contacted).</summary>
    public const string JumpHostUnreachable = "jump_host_unreachable";
    public const string HostKeyRejected = "host_key_rejected";
    public const string AuthenticationFailed = "authentication_failed";
    public const string Interrupted = "interrupted";
    public const string EnableFailed = "enable_failed";
    public const string VdomFailed = "vdom_failed";
    public const string CommandFailed = "command_failed";
    public const string CertificateRejected = "certificate_rejected";
    public const string FortiOsError = "fortios_error";
    public const string InvalidResponse = "invalid_response";

    /// <summary>The device asked a question the runbook declares no answer to; the run stopped there.</summary>
    public const string DeviceQuestion = "device_question";
}
