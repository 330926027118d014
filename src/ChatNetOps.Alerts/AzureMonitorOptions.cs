namespace ChatNetOps.Alerts;

/// <summary>
/// <c>Alerts:AzureMonitor</c>: an action group's Secure Webhook sends an Entra ID access token issued to the
/// "AZNS AAD Webhook" service principal for our app registration. It is accepted when it is signed by the tenant's
/// keys, issued by <see cref="TenantId"/> (v1 or v2 issuer), for <see cref="Audience"/>, to
/// <see cref="ClientId"/>, and carries the app role <see cref="Role"/>. The plain webhook (credentials in the URL,
/// sent as basic auth) is a documented, weaker fallback: <see cref="Username"/> and <see cref="Password"/>.
/// </summary>
public sealed class AzureMonitorOptions
{
    /// <summary>The application id of "AZNS AAD Webhook", the principal Azure Monitor requests its tokens as.</summary>
    public const string ActionGroupsClientId = "461e8683-5575-4561-ac7f-899cc907d62a";

    public string? TenantId { get; set; }

    /// <summary>Our app registration's application id URI or client id, the token's <c>aud</c>.</summary>
    public string? Audience { get; set; }

    /// <summary>The app role the action group's principal holds on our app registration (the docs' script creates this one).</summary>
    public string Role { get; set; } = "ActionGroupsSecureWebhook";

    /// <summary>The token's <c>appid</c> (v1) or <c>azp</c> (v2).</summary>
    public string ClientId { get; set; } = ActionGroupsClientId;

    /// <summary>Where the tenant's signing keys are published; defaults to the v2 OpenID configuration of <see cref="TenantId"/>.</summary>
    public Uri? MetadataAddress { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    public bool UsesSecureWebhook => !string.IsNullOrEmpty(TenantId);

    public bool UsesBasicAuth => !string.IsNullOrEmpty(Password);

    public bool IsConfigured => UsesSecureWebhook || UsesBasicAuth;
}
