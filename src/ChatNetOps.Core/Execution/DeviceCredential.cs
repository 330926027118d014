namespace ChatNetOps.Core.Execution;

/// <summary>A device secret resolved by reference. Never logged, never stored with requests, never shown in chat.</summary>
public sealed record DeviceCredential(string Username)
{
    public string? Password { get; init; }

    public string? PrivateKeyPem { get; init; }

    public string? PrivateKeyPassphrase { get; init; }

    /// <summary>FortiGate REST API token.</summary>
    public string? ApiToken { get; init; }

    public override string ToString() => $"DeviceCredential {{ Username = {Username}, secrets redacted }}";
}
