namespace ChatNetOps.Benchmarks.Execution;

using ChatNetOps.Core.Execution;

/// <summary>One key credential for every simulated device.</summary>
internal sealed class BenchCredentials(DeviceCredential credential) : ICredentialProvider
{
    public Task<DeviceCredential> GetAsync(string credentialRef, CancellationToken cancellationToken) =>
        Task.FromResult(credential with { Username = credentialRef });
}
