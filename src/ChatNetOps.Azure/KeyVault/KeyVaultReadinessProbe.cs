namespace ChatNetOps.Azure.KeyVault;

using ChatNetOps.Core.Health;
using global::Azure;
using global::Azure.Security.KeyVault.Secrets;

/// <summary>/readyz: the vault answers an authorized read (of a secret that need not exist: 404 is healthy).</summary>
internal sealed class KeyVaultReadinessProbe(SecretClient client) : IReadinessProbe
{
    private const string ProbeSecret = "chatnetops-readiness-probe";

    public string Name => "keyvault";

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await client.GetSecretAsync(ProbeSecret, cancellationToken: cancellationToken);
            return null;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException e)
        {
            return $"Key Vault answered {e.Status}: give the identity the 'Key Vault Secrets User' role";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or global::Azure.Identity.AuthenticationFailedException or global::Azure.Identity.CredentialUnavailableException)
        {
            return $"Key Vault at {client.VaultUri} is not reachable: {e.GetType().Name}";
        }
    }
}
