namespace ChatNetOps.Teams.Auth;

using System.Text.Json;
using ChatNetOps.Teams.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

/// <summary>
/// Reads the Bot Connector's OpenID metadata and its <c>jwks_uri</c>, keeps the keys (and each key's
/// <c>endorsements</c>) for <see cref="TeamsOptions.SigningKeysLifetime"/>, and reads them again early when a token
/// names a <c>kid</c> it does not know (at most once per <see cref="TeamsOptions.SigningKeysMinimumRefresh"/>).
/// </summary>
internal sealed partial class SigningKeyCache(
    IHttpClientFactory httpClientFactory,
    IOptions<TeamsOptions> options,
    TimeProvider time,
    ILogger<SigningKeyCache> logger) : IDisposable
{
    public const string HttpClientName = "ChatNetOps.Teams.OpenId";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private SigningKeySet _current = SigningKeySet.Empty;
    private DateTimeOffset _lastUnknownKidRefresh = DateTimeOffset.MinValue;

    /// <summary>The keys as last read, without any I/O (for the synchronous key resolver).</summary>
    public SigningKeySet Current => Volatile.Read(ref _current);

    /// <summary>Makes sure the keys are fresh and, when <paramref name="kid"/> is unknown, tries one early refresh.</summary>
    public async Task<SigningKeySet> EnsureAsync(string? kid, CancellationToken cancellationToken)
    {
        var current = Current;
        var now = time.GetUtcNow();
        var stale = now - current.FetchedAt > options.Value.SigningKeysLifetime;
        var unknown = kid is not null && !current.Contains(kid);
        if (!stale && !unknown)
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            current = Current;
            now = time.GetUtcNow();
            stale = now - current.FetchedAt > options.Value.SigningKeysLifetime;
            unknown = kid is not null && !current.Contains(kid);
            if (!stale && (!unknown || now - _lastUnknownKidRefresh < options.Value.SigningKeysMinimumRefresh))
            {
                return current;
            }

            if (unknown && !stale)
            {
                _lastUnknownKidRefresh = now;
                Log.UnknownKeyRefresh(logger, kid!);
            }

            try
            {
                var fresh = await FetchAsync(cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _current, fresh);
                Log.KeysRead(logger, fresh.Keys.Count, options.Value.OpenIdMetadataUrl);
                return fresh;
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidDataException or ArgumentException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                Log.KeysReadFailed(logger, options.Value.OpenIdMetadataUrl, ex);
                return current;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<SigningKeySet> FetchAsync(CancellationToken cancellationToken)
    {
        var client = httpClientFactory.CreateClient(HttpClientName);
        var metadataUrl = options.Value.OpenIdMetadataUrl;
        string jwksUri;
        using (var metadata = await GetJsonAsync(client, metadataUrl, cancellationToken).ConfigureAwait(false))
        {
            jwksUri = metadata.RootElement.TryGetProperty("jwks_uri", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : throw new InvalidDataException($"The OpenID metadata at {metadataUrl} has no jwks_uri.");
        }

        var keysUrl = new Uri(jwksUri, UriKind.Absolute);
        RequireSecure(keysUrl);
        var keysJson = await client.GetStringAsync(keysUrl, cancellationToken).ConfigureAwait(false);
        var keySet = new JsonWebKeySet(keysJson);
        var keys = new Dictionary<string, SecurityKey>(StringComparer.Ordinal);
        foreach (var key in keySet.GetSigningKeys())
        {
            if (!string.IsNullOrEmpty(key.KeyId))
            {
                keys[key.KeyId] = key;
            }
        }

        return new SigningKeySet(keys, ReadEndorsements(keysJson), time.GetUtcNow());
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient client, Uri url, CancellationToken cancellationToken)
    {
        RequireSecure(url);
        using var response = await client.GetAsync(url, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Botbuilder's endorsement document shape: <c>{"keys":[{"kid":"…","endorsements":["msteams",…]}]}</c>.</summary>
    private static Dictionary<string, IReadOnlySet<string>> ReadEndorsements(string keysJson)
    {
        var endorsements = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(keysJson);
        if (!document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            return endorsements;
        }

        foreach (var key in keys.EnumerateArray())
        {
            if (key.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String
                && key.TryGetProperty("endorsements", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                endorsements[kid.GetString()!] = list.EnumerateArray()
                    .Where(e => e.ValueKind == JsonValueKind.String)
                    .Select(e => e.GetString()!)
                    .ToHashSet(StringComparer.OrdinalIgnoreCase);
            }
        }

        return endorsements;
    }

    private static void RequireSecure(Uri url)
    {
        if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
        {
            throw new InvalidDataException($"Refusing to read signing keys over {url.Scheme} from {url.Host}: https is required (http only for loopback test servers).");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Read {Count} Bot Connector signing keys (metadata {MetadataUrl})")]
        public static partial void KeysRead(ILogger logger, int count, Uri metadataUrl);

        [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "Could not read the Bot Connector signing keys from {MetadataUrl}; keeping the keys read before")]
        public static partial void KeysReadFailed(ILogger logger, Uri metadataUrl, Exception exception);

        [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "A token names signing key {Kid}, which is not known: reading the keys again")]
        public static partial void UnknownKeyRefresh(ILogger logger, string kid);
    }
}
