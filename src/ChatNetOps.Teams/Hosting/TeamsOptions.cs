namespace ChatNetOps.Teams.Hosting;

using System.ComponentModel.DataAnnotations;

/// <summary>
/// The Teams channel's settings. The Bot Framework identity keeps its conventional top-level names
/// (<c>MicrosoftAppType</c>, <c>MicrosoftAppId</c>, <c>MicrosoftAppPassword</c>, <c>MicrosoftAppTenantId</c>,
/// and <c>MicrosoftAppCertificatePath</c> for a certificate instead of a password); everything else is under
/// <c>Teams:</c>. Validated at startup by <see cref="TeamsOptionsValidator"/>.
/// </summary>
internal sealed class TeamsOptions
{
    public const string SectionName = "Teams";

    public const string DefaultOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    public const string DefaultTokenIssuer = "https://api.botframework.com";

    /// <summary><c>SingleTenant</c> (default for new bots), <c>UserAssignedMSI</c>, or <c>MultiTenant</c> (existing bots only).</summary>
    public string? MicrosoftAppType { get; set; }

    /// <summary>The bot's app (client) id; empty disables inbound authentication (Development and loopback only).</summary>
    public string? MicrosoftAppId { get; set; }

    public string? MicrosoftAppPassword { get; set; }

    public string? MicrosoftAppTenantId { get; set; }

    /// <summary>A PEM or PFX file with the app registration's certificate, used instead of <see cref="MicrosoftAppPassword"/>.</summary>
    public string? MicrosoftAppCertificatePath { get; set; }

    /// <summary>Where the Bot Connector's OpenID metadata (and from it the signing keys) is read.</summary>
    [Required]
    public Uri OpenIdMetadataUrl { get; set; } = new(DefaultOpenIdMetadataUrl);

    /// <summary>The only <c>iss</c> accepted on inbound tokens.</summary>
    [Required]
    public string TokenIssuer { get; set; } = DefaultTokenIssuer;

    /// <summary>
    /// How long signing keys are cached before they are read again (an unknown <c>kid</c> refreshes sooner); at least
    /// 5 minutes, IdentityModel's minimum (it adds up to 5 % jitter).
    /// </summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan SigningKeysLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The least time between two key refreshes caused by unknown <c>kid</c>s, so forged tokens cannot hammer the key endpoint.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SigningKeysMinimumRefresh { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The bot's display name, used on cards and when creating conversations.</summary>
    [Required]
    public string BotName { get; set; } = "ChatNetOps";

    /// <summary>How long an <c>adaptiveCard/action</c> invoke may take before Teams gets a "still working" answer (Teams gives up after 10–15 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:10")]
    public TimeSpan InvokeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a Teams user's profile (email) from the members API is cached.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MemberCacheLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts per Connector call, counting the first, on 429, 412 and 5xx answers.</summary>
    [Range(1, 10)]
    public int ConnectorMaxAttempts { get; set; } = 4;

    /// <summary>The longest wait honoured from a Retry-After header before giving up.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ConnectorMaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The Entra tenant ids whose activities are accepted: every activity's <c>channelData.tenant.id</c> and
    /// <c>conversation.tenantId</c> must be among them. Empty means <see cref="MicrosoftAppTenantId"/> alone; a
    /// MultiTenant bot must list them. Without authentication (local development) and without either, any tenant.
    /// </summary>
    public IList<string> AllowedTenants { get; } = [];

    /// <summary>
    /// The hosts the bot sends its Connector token to (an activity naming any other serviceUrl is refused): the Teams
    /// public cloud, GCC, GCC High and DoD. Always https; a loopback serviceUrl is accepted only in Development.
    /// </summary>
    public IList<string> ServiceUrlHosts { get; } = [];

    public bool AuthenticationEnabled => !string.IsNullOrWhiteSpace(MicrosoftAppId);

    /// <summary>The tenants checked against each activity; null when any tenant is accepted (local development only).</summary>
    public IReadOnlySet<string>? EffectiveAllowedTenants =>
        AllowedTenants.Any(t => !string.IsNullOrWhiteSpace(t))
            ? AllowedTenants.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : !string.IsNullOrWhiteSpace(MicrosoftAppTenantId)
                ? new HashSet<string>([MicrosoftAppTenantId.Trim()], StringComparer.OrdinalIgnoreCase)
                : AuthenticationEnabled ? new HashSet<string>(StringComparer.OrdinalIgnoreCase) : null;

    public BotAppType AppType => BotAppTypes.Parse(MicrosoftAppType);
}
