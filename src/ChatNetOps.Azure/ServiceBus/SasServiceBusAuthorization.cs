namespace ChatNetOps.Azure.ServiceBus;

using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

/// <summary>
/// Shared access signatures (learn.microsoft.com/azure/service-bus-messaging/service-bus-sas):
/// <c>SharedAccessSignature sr={enc(uri)}&amp;sig={enc(base64(HMACSHA256(key, enc(uri) + "\n" + expiry)))}&amp;se={expiry}&amp;skn={keyName}</c>,
/// scoped to the namespace, valid for an hour, renewed five minutes before expiry.
/// </summary>
internal sealed class SasServiceBusAuthorization(Uri resource, string keyName, string key, TimeProvider time) : IServiceBusAuthorization
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private readonly Lock _gate = new();
    private (string Value, DateTimeOffset Expires) _token;

    public string Scheme => "SharedAccessSignature";

    public Task<string> GetHeaderValueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_token.Value is null || _token.Expires - TimeSpan.FromMinutes(5) <= now)
            {
                var expires = now + Lifetime;
                _token = (Create(resource, keyName, key, expires), expires);
            }

            return Task.FromResult(_token.Value);
        }
    }

    /// <summary>The SAS token for <paramref name="resource"/> valid until <paramref name="expires"/>.</summary>
    internal static string Create(Uri resource, string keyName, string key, DateTimeOffset expires)
    {
        var encodedUri = WebUtility.UrlEncode(resource.AbsoluteUri.ToLowerInvariant());
        var expiry = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(encodedUri + "\n" + expiry)));
        return $"SharedAccessSignature sr={encodedUri}&sig={WebUtility.UrlEncode(signature)}&se={expiry}&skn={WebUtility.UrlEncode(keyName)}";
    }
}
