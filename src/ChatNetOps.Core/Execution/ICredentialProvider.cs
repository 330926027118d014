namespace ChatNetOps.Core.Execution;

public interface ICredentialProvider
{
    /// <summary>Resolves the inventory's credential reference; throws <see cref="CredentialNotFoundException"/> when unknown.</summary>
    Task<DeviceCredential> GetAsync(string credentialRef, CancellationToken cancellationToken);
}
