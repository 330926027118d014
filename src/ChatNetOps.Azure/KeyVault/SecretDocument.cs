namespace ChatNetOps.Azure.KeyVault;

/// <summary>The JSON form of a device secret's value: <c>{"username": "...", "password": "..."}</c> and/or a private key.</summary>
internal sealed record SecretDocument
{
    public string? Username { get; init; }

    public string? Password { get; init; }

    public string? PrivateKeyPem { get; init; }

    public string? PrivateKeyPassphrase { get; init; }

    public string? ApiToken { get; init; }

    /// <summary>Cisco enable secret (<c>"enableSecret"</c>) for accounts that log in at user EXEC.</summary>
    public string? EnableSecret { get; init; }
}
