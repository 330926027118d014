namespace ChatNetOps.Execution.Tests.Ssh;

using ChatNetOps.Core.Execution;

/// <summary>Credentials held in memory for tests.</summary>
public sealed class StaticCredentialProvider : ICredentialProvider
{
    private readonly Dictionary<string, DeviceCredential> _credentials = new(StringComparer.Ordinal);

    public StaticCredentialProvider Add(string credentialRef, DeviceCredential credential)
    {
        _credentials[credentialRef] = credential;
        return this;
    }

    public Task<DeviceCredential> GetAsync(string credentialRef, CancellationToken cancellationToken) =>
        _credentials.TryGetValue(credentialRef, out var credential)
            ? Task.FromResult(credential)
            : throw new CredentialNotFoundException(credentialRef);
}
