namespace ChatNetOps.Execution.Credentials;

/// <summary>One credential in the secrets file. A key is given inline (<c>private_key</c>) or as a file path.</summary>
internal sealed record CredentialEntry(
    string? Username,
    string? Password,
    string? PrivateKey,
    string? PrivateKeyFile,
    string? PrivateKeyPassphrase,
    string? ApiToken);
