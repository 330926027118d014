namespace ChatNetOps.Teams.Auth;

using System.Text.Json;
using ChatNetOps.Teams.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

/// <summary>
/// The Bot Connector's OpenID metadata and signing keys, kept by IdentityModel's
/// <see cref="ConfigurationManager{T}"/>: read on first use and again after <see cref="TeamsOptions.SigningKeysLifetime"/>
/// (in the background, the old keys serving meanwhile). When a token names a <c>kid</c> the keys do not hold, a fresh
/// manager reads them again before the token is validated, so a key rollover is picked up by the first token signed with
/// the new key; that happens at most once per <see cref="TeamsOptions.SigningKeysMinimumRefresh"/>, so forged kids
/// cannot hammer the key endpoint, and a failed read keeps the keys read before. Metadata and keys come only over https
/// (http only from loopback test servers). A key's <c>endorsements</c> (the Bot Framework channels it signs for) are
/// read from its JWK's additional data.
/// </summary>
/// <remarks>
/// A fresh manager rather than <see cref="ConfigurationManager{T}.RequestRefresh"/>: IdentityModel 8 refreshes a
/// requested configuration in the background and answers with the old keys meanwhile (unless the process-wide AppContext
/// switch <c>Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking</c> was set before IdentityModel first read its
/// switches), while a new manager's first read is always awaited.
/// </remarks>
internal sealed partial class BotConnectorKeys : IDisposable
{
    public const string HttpClientName = "ChatNetOps.Teams.OpenId";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TeamsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BotConnectorKeys> _logger;
    private readonly SemaphoreSlim _unknownKidGate = new(1, 1);
    private ConfigurationManager<OpenIdConnectConfiguration> _manager;
    private OpenIdConnectConfiguration? _current;
    private DateTimeOffset _lastUnknownKidRefresh = DateTimeOffset.MinValue;

    public BotConnectorKeys(IHttpClientFactory httpClientFactory, IOptions<TeamsOptions> options, TimeProvider time, ILogger<BotConnectorKeys> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClientFactory = httpClientFactory;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _manager = CreateManager();
    }

    /// <summary>The configuration as last read, without any I/O (for the synchronous key resolver).</summary>
    public OpenIdConnectConfiguration? Current => Volatile.Read(ref _current);

    /// <summary>
    /// Makes sure the keys are read and fresh and, when <paramref name="kid"/> is not among them, reads them again (unless
    /// that happened less than <see cref="TeamsOptions.SigningKeysMinimumRefresh"/> ago). Null when no keys could ever be read.
    /// </summary>
    public async Task<OpenIdConnectConfiguration?> EnsureAsync(string? kid, CancellationToken cancellationToken)
    {
        var configuration = await ReadAsync(Volatile.Read(ref _manager), cancellationToken).ConfigureAwait(false);
        if (kid is null || (configuration is not null && FindKey(configuration, kid) is not null))
        {
            return configuration;
        }

        await _unknownKidGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another request may have read the keys again while this one waited.
            configuration = await ReadAsync(_manager, cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            if ((configuration is not null && FindKey(configuration, kid) is not null) || now - _lastUnknownKidRefresh < _options.SigningKeysMinimumRefresh)
            {
                return configuration;
            }

            _lastUnknownKidRefresh = now;
            Log.UnknownKeyRefresh(_logger, kid);
            var fresh = CreateManager();
            var freshConfiguration = await ReadAsync(fresh, cancellationToken).ConfigureAwait(false);
            if (freshConfiguration is null)
            {
                return configuration;
            }

            Volatile.Write(ref _manager, fresh);
            return freshConfiguration;
        }
        finally
        {
            _unknownKidGate.Release();
        }
    }

    public void Dispose() => _unknownKidGate.Dispose();

    /// <summary>The signing key named <paramref name="kid"/>, when the configuration holds one.</summary>
    public static SecurityKey? FindKey(OpenIdConnectConfiguration configuration, string kid)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.SigningKeys.FirstOrDefault(k => string.Equals(k.KeyId, kid, StringComparison.Ordinal));
    }

    /// <summary>
    /// The channel ids the key <paramref name="kid"/> is endorsed for: its JWK's <c>endorsements</c> array (botbuilder's
    /// shape: <c>{"keys":[{"kid":"…","endorsements":["msteams",…]}]}</c>). Null when the key has none or is unknown.
    /// </summary>
    public static IReadOnlySet<string>? Endorsements(OpenIdConnectConfiguration configuration, string kid)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var key = configuration.JsonWebKeySet?.Keys.FirstOrDefault(k => string.Equals(k.Kid, kid, StringComparison.Ordinal));
        if (key is null || !key.AdditionalData.TryGetValue("endorsements", out var value))
        {
            return null;
        }

        IEnumerable<string?> channels = value switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()),
            IEnumerable<object> list => list.OfType<string>(),
            _ => [],
        };
        return channels.OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    private ConfigurationManager<OpenIdConnectConfiguration> CreateManager() =>
        new(_options.OpenIdMetadataUrl.AbsoluteUri, new OpenIdConnectConfigurationRetriever(), new SecureDocumentRetriever(_httpClientFactory, _logger))
        {
            AutomaticRefreshInterval = _options.SigningKeysLifetime,
        };

    /// <summary>The manager's configuration, remembered as <see cref="Current"/>; null when it has never been read.</summary>
    private async Task<OpenIdConnectConfiguration?> ReadAsync(ConfigurationManager<OpenIdConnectConfiguration> manager, CancellationToken cancellationToken)
    {
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await manager.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.KeysUnavailable(_logger, _options.OpenIdMetadataUrl, ex);
            return null;
        }

        if (!ReferenceEquals(Interlocked.Exchange(ref _current, configuration), configuration))
        {
            Log.KeysRead(_logger, configuration.SigningKeys.Count, _options.OpenIdMetadataUrl);
        }

        return configuration;
    }

    /// <summary>Reads the metadata and the JWKS through the named HttpClient, refusing anything but https (or loopback http).</summary>
    private sealed class SecureDocumentRetriever(IHttpClientFactory httpClientFactory, ILogger logger) : IDocumentRetriever
    {
        public async Task<string> GetDocumentAsync(string address, CancellationToken cancel)
        {
            var url = new Uri(address, UriKind.Absolute);
            if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
            {
                var refused = new InvalidDataException($"Refusing to read signing keys over {url.Scheme} from {url.Host}: https is required (http only for loopback test servers).");
                Log.KeysReadFailed(logger, url, refused);
                throw refused;
            }

            try
            {
                using var response = await httpClientFactory.CreateClient(HttpClientName).GetAsync(url, cancel).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancel.IsCancellationRequested))
            {
                Log.KeysReadFailed(logger, url, ex);
                throw;
            }
        }
    }
}
