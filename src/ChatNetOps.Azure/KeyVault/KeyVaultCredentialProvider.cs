namespace ChatNetOps.Azure.KeyVault;

using System.Collections.Concurrent;
using System.Text.Json;
using ChatNetOps.Core.Execution;
using global::Azure;
using global::Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// Device credentials from Key Vault: the secret named after the inventory's credential reference
/// (<see cref="KeyVaultSecretNames"/>). The value is either JSON (<see cref="SecretDocument"/>) or a bare password or
/// PEM private key with the user name in the secret's <c>username</c> tag. Secrets beyond one password or key (the Cisco
/// <c>enableSecret</c>, a key's passphrase, an API token) need the JSON form. Results are cached for
/// <see cref="KeyVaultOptions.CacheDuration"/>; values are never logged.
/// </summary>
internal sealed class KeyVaultCredentialProvider(SecretClient client, IOptions<KeyVaultOptions> options, TimeProvider time, ILogger<KeyVaultCredentialProvider> logger)
    : ICredentialProvider
{
    private const string UsernameTag = "username";
    private readonly ConcurrentDictionary<string, (DeviceCredential Credential, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public async Task<DeviceCredential> GetAsync(string credentialRef, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(credentialRef, out var cached) && cached.Until > now)
        {
            return cached.Credential;
        }

        var name = KeyVaultSecretNames.For(credentialRef);
        KeyVaultSecret secret;
        try
        {
            secret = (await client.GetSecretAsync(name, cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            Log.KeyVaultSecretMissing(logger, credentialRef, name);
            throw new CredentialNotFoundException(credentialRef);
        }

        var credential = Parse(credentialRef, secret);
        Log.KeyVaultSecretRead(logger, credentialRef, name);
        var duration = options.Value.CacheDuration;
        if (duration > TimeSpan.Zero)
        {
            _cache[credentialRef] = (credential, now + duration);
        }

        return credential;
    }

    internal static DeviceCredential Parse(string credentialRef, KeyVaultSecret secret)
    {
        var value = secret.Value ?? string.Empty;
        secret.Properties.Tags.TryGetValue(UsernameTag, out var taggedUser);
        if (value.TrimStart().StartsWith('{'))
        {
            SecretDocument? document;
            try
            {
                document = JsonSerializer.Deserialize(value, AzureJsonContext.Default.SecretDocument);
            }
            catch (JsonException)
            {
                // Do not echo the exception: its message can quote the secret.
                throw new InvalidOperationException($"Key Vault secret '{secret.Name}' for credential '{credentialRef}' starts with '{{' but is not valid JSON; store {{\"username\": ..., \"password\": ...}} or a bare password with a 'username' tag.");
            }

            var username = document?.Username ?? taggedUser;
            return new DeviceCredential(RequireUser(username, secret.Name, credentialRef))
            {
                Password = document?.Password,
                PrivateKeyPem = document?.PrivateKeyPem,
                PrivateKeyPassphrase = document?.PrivateKeyPassphrase,
                ApiToken = document?.ApiToken,
                EnableSecret = document?.EnableSecret,
            };
        }

        var user = RequireUser(taggedUser, secret.Name, credentialRef);
        return value.Contains("-----BEGIN ", StringComparison.Ordinal)
            ? new DeviceCredential(user) { PrivateKeyPem = value }
            : new DeviceCredential(user) { Password = value };
    }

    private static string RequireUser(string? username, string secretName, string credentialRef) =>
        string.IsNullOrWhiteSpace(username)
            ? throw new InvalidOperationException($"Key Vault secret '{secretName}' for credential '{credentialRef}' names no user: add a 'username' tag, or store JSON with a \"username\" field.")
            : username;
}
