namespace ChatNetOps.Teams.Connector;

using Azure.Core;
using Azure.Identity;
using ChatNetOps.Teams.Hosting;

/// <summary>The Azure.Identity credential for the configured MicrosoftAppType, against the right tenant.</summary>
internal static class BotCredentials
{
    /// <summary>Legacy multi-tenant bots get their tokens from the botframework.com tenant.</summary>
    public const string MultiTenantAuthority = "botframework.com";

    public static TokenCredential Create(TeamsOptions options)
    {
        var appId = options.MicrosoftAppId ?? throw new InvalidOperationException("MicrosoftAppId is required to call the Bot Connector.");
        return options.AppType switch
        {
            BotAppType.UserAssignedMsi => new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(appId)),
            BotAppType.SingleTenant => Secret(options.MicrosoftAppTenantId!, appId, options),
            BotAppType.MultiTenant => Secret(MultiTenantAuthority, appId, options),
            _ => throw new InvalidOperationException($"MicrosoftAppType '{options.MicrosoftAppType}' is not known: use SingleTenant, UserAssignedMSI or MultiTenant."),
        };
    }

    private static TokenCredential Secret(string tenantId, string appId, TeamsOptions options) =>
        string.IsNullOrWhiteSpace(options.MicrosoftAppCertificatePath)
            ? new ClientSecretCredential(tenantId, appId, options.MicrosoftAppPassword)
            : new ClientCertificateCredential(tenantId, appId, options.MicrosoftAppCertificatePath);
}
