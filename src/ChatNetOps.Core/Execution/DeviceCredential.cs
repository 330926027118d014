namespace ChatNetOps.Core.Execution;

/// <summary>A device secret resolved by reference. Never logged, never stored with requests, never shown in chat.</summary>
public sealed record DeviceCredential(string Username)
{
    public string? Password { get; init; }

    public string? PrivateKeyPem { get; init; }

    public string? PrivateKeyPassphrase { get; init; }

    /// <summary>FortiGate REST API token.</summary>
    public string? ApiToken { get; init; }

    /// <summary>
    /// Cisco IOS / NX-OS enable secret: sent only at the device's <c>Password:</c> prompt after <c>enable</c> when the
    /// account logs in at user EXEC (<c>host&gt;</c>); unused for accounts that log in privileged (<c>host#</c>).
    /// </summary>
    public string? EnableSecret { get; init; }

    public override string ToString() => $"DeviceCredential {{ Username = {Username}, secrets redacted }}";
}
