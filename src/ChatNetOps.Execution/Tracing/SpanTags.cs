namespace ChatNetOps.Execution.Tracing;

/// <summary>
/// Tag names of the execution spans: OpenTelemetry semantic conventions where one exists, <c>chatnetops.*</c> otherwise.
/// Values are names, numbers and fingerprints only; never a credential, a secret, device output or a redacted value.
/// </summary>
internal static class SpanTags
{
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string NetworkTransport = "network.transport";
    public const string HttpRequestMethod = "http.request.method";
    public const string HttpResponseStatusCode = "http.response.status_code";
    public const string UrlScheme = "url.scheme";
    public const string UrlTemplate = "url.template";
    public const string ErrorType = "error.type";

    public const string Device = "chatnetops.device";
    public const string Platform = "chatnetops.platform";
    public const string Transport = "chatnetops.transport";
    public const string Runbook = "chatnetops.runbook";
    public const string Request = "chatnetops.request";
    public const string Mode = "chatnetops.mode";
    public const string Status = "chatnetops.status";
    public const string ReturnCode = "chatnetops.rc";

    /// <summary>1-based position of the command in the runbook's rendered commands.</summary>
    public const string CommandIndex = "chatnetops.command.index";

    public const string CommandCount = "chatnetops.command.count";

    /// <summary>The rendered command line as the runbook defines it, passed through the output redactor.</summary>
    public const string Command = "chatnetops.command";

    /// <summary>True when the SSH session came from the pool (no connect, no authentication), false when it was opened for this run.</summary>
    public const string Pooled = "chatnetops.pooled";

    /// <summary>The pool's sequence number of the SSH connection: the same number on two runs means one session served both.</summary>
    public const string SessionId = "chatnetops.session.id";

    public const string AuthMethods = "chatnetops.ssh.auth_methods";
    public const string HostKey = "chatnetops.ssh.host_key";
    public const string HostKeyTrusted = "chatnetops.ssh.host_key_trusted";
    public const string Vdom = "chatnetops.vdom";

    /// <summary>The jump hosts a device is reached through, first hop first, comma-separated (absent when dialled directly).</summary>
    public const string Via = "chatnetops.via";

    /// <summary>The jump host an <c>ssh jump</c> span is about.</summary>
    public const string JumpHost = "chatnetops.jump.host";

    /// <summary>1-based position of that jump host in the device's chain (1 = the one the worker dials).</summary>
    public const string JumpHop = "chatnetops.jump.hop";

    /// <summary>1-based page of a paged FortiGate session listing.</summary>
    public const string Page = "chatnetops.page";

    public const string ExceptionType = "exception.type";
    public const string ExceptionMessage = "exception.message";
}
