namespace ChatNetOps.Execution.Credentials;

/// <summary>
/// One credential in the secrets file. A key is given inline (<c>private_key</c>) or as a file path;
/// <c>enable_secret</c> is the Cisco enable secret for accounts that log in at user EXEC.
/// </summary>
internal sealed record CredentialEntry(
    string? Username,
    string? Password,
    string? PrivateKey,
    string? PrivateKeyFile,
    string? PrivateKeyPassphrase,
    string? ApiToken,
    string? EnableSecret);
