namespace ChatNetOps.Core.Execution;

public sealed class CredentialNotFoundException(string credentialRef)
    : Exception($"No credential named '{credentialRef}' is configured. Add it to the credential store the worker uses (secrets file, environment or Key Vault).")
{
    public string CredentialRef { get; } = credentialRef;
}
