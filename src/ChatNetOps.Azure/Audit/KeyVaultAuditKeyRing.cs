namespace ChatNetOps.Azure.Audit;

using System.Collections.Concurrent;
using System.Net;
using System.Text;
using ChatNetOps.Core.Audit.Checkpoints;
using global::Azure;
using global::Azure.Security.KeyVault.Secrets;

/// <summary>
/// Checkpoint keys from one Key Vault secret: its current version signs, any version verifies (key id
/// <c>keyvault:{secret}/{version}</c>, so a rotated key still checks old checkpoints). The value is the key as base64
/// (at least 32 bytes), or else its UTF-8 text (at least 32 bytes, e.g. the random value infra/ generates).
/// </summary>
internal sealed class KeyVaultAuditKeyRing(SecretClient client, string secretName) : IAuditKeyRing
{
    private const string Scheme = "keyvault:";
    private readonly ConcurrentDictionary<string, AuditKey> _versions = new(StringComparer.Ordinal);
    private AuditKey? _signing;

    public string Description => $"Key Vault secret '{secretName}' in {client.VaultUri}";

    public async Task<AuditKey> GetSigningKeyAsync(CancellationToken cancellationToken)
    {
        if (_signing is { } key)
        {
            return key;
        }

        var secret = await ReadAsync(null, cancellationToken)
            ?? throw new InvalidOperationException($"The {Description} does not exist; infra/ creates it (or set one: az keyvault secret set --vault-name <vault> --name {secretName} --value \"$(openssl rand -base64 32)\").");
        _signing = secret;
        return secret;
    }

    public async Task<AuditKey?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        if (_versions.TryGetValue(keyId, out var known))
        {
            return known;
        }

        var prefix = $"{Scheme}{secretName}/";
        if (!keyId.StartsWith(prefix, StringComparison.Ordinal) || keyId.Length == prefix.Length || keyId[prefix.Length..].Any(c => !char.IsAsciiLetterOrDigit(c)))
        {
            return null;
        }

        return await ReadAsync(keyId[prefix.Length..], cancellationToken);
    }

    private async Task<AuditKey?> ReadAsync(string? version, CancellationToken cancellationToken)
    {
        KeyVaultSecret secret;
        try
        {
            secret = (await client.GetSecretAsync(secretName, version, cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Forbidden)
        {
            throw new InvalidOperationException($"Key Vault refused to read the {Description} ({e.ErrorCode}): give this host's identity the Key Vault Secrets User role on the secret.", e);
        }

        var key = new AuditKey($"{Scheme}{secretName}/{secret.Properties.Version}", Material(secret.Value));
        _versions[key.Id] = key;
        return key;
    }

    private byte[] Material(string value)
    {
        var text = value.Trim();
        var buffer = new byte[text.Length];
        if (Convert.TryFromBase64String(text, buffer, out var written) && written >= AuditKey.MinimumBytes)
        {
            return buffer[..written];
        }

        var utf8 = Encoding.UTF8.GetBytes(text);
        return utf8.Length >= AuditKey.MinimumBytes
            ? utf8
            : throw new InvalidOperationException($"The {Description} holds less than {AuditKey.MinimumBytes} bytes; store at least 32 random bytes, base64-encoded.");
    }
}
