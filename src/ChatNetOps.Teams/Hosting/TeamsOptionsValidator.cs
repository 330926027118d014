namespace ChatNetOps.Teams.Hosting;

using Microsoft.Extensions.Options;

/// <summary>Fails startup on an incomplete Bot Framework identity, saying which key to set.</summary>
internal sealed class TeamsOptionsValidator : IValidateOptions<TeamsOptions>
{
    public ValidateOptionsResult Validate(string? name, TeamsOptions options)
    {
        var failures = new List<string>();
        if (options.OpenIdMetadataUrl is { } metadata && metadata.Scheme != Uri.UriSchemeHttps && !metadata.IsLoopback)
        {
            failures.Add($"Teams:OpenIdMetadataUrl must be https (plain http is accepted only for a loopback test server); got {metadata}.");
        }

        foreach (var tenant in options.AllowedTenants.Where(t => !Guid.TryParse(t, out _)))
        {
            failures.Add($"Teams:AllowedTenants must list Entra tenant ids (GUIDs); got '{tenant}'.");
        }

        foreach (var host in options.ServiceUrlHosts.Where(h => Uri.CheckHostName(h?.Trim()) != UriHostNameType.Dns))
        {
            failures.Add($"Teams:ServiceUrlHosts must list host names such as smba.trafficmanager.net (no scheme, port or path); got '{host}'.");
        }

        if (!options.AuthenticationEnabled)
        {
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        var hasPassword = !string.IsNullOrWhiteSpace(options.MicrosoftAppPassword);
        var hasCertificate = !string.IsNullOrWhiteSpace(options.MicrosoftAppCertificatePath);
        switch (options.AppType)
        {
            case BotAppType.Unknown:
                failures.Add($"MicrosoftAppType '{options.MicrosoftAppType}' is not known: use SingleTenant, UserAssignedMSI, or MultiTenant (existing multi-tenant bots only).");
                break;
            case BotAppType.SingleTenant:
                if (string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
                {
                    failures.Add("MicrosoftAppTenantId is required for a SingleTenant bot: set it to the Entra tenant id of the bot's app registration (az bot show --query properties.msaAppTenantId), or set MicrosoftAppType=MultiTenant for a bot registered as multi-tenant before 2025-07-31.");
                }

                RequireOneSecret(failures, hasPassword, hasCertificate, "SingleTenant");
                break;
            case BotAppType.MultiTenant:
                RequireOneSecret(failures, hasPassword, hasCertificate, "MultiTenant");
                if (!options.AllowedTenants.Any(t => !string.IsNullOrWhiteSpace(t)))
                {
                    failures.Add("Teams:AllowedTenants is required for a MultiTenant bot: list the Entra tenant ids whose Teams users may use the bot (Teams:AllowedTenants:0=<tenant id>); activities from any other tenant are refused.");
                }

                break;
            case BotAppType.UserAssignedMsi:
                if (string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
                {
                    failures.Add("MicrosoftAppTenantId is required for a UserAssignedMSI bot: set it to the tenant of the managed identity.");
                }

                if (hasPassword || hasCertificate)
                {
                    failures.Add("A UserAssignedMSI bot takes no MicrosoftAppPassword or MicrosoftAppCertificatePath: MicrosoftAppId is the managed identity's client id. Remove the secret.");
                }

                break;
        }

        if (!Guid.TryParse(options.MicrosoftAppId, out _))
        {
            failures.Add($"MicrosoftAppId must be the app registration's client id (a GUID); got '{options.MicrosoftAppId}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequireOneSecret(List<string> failures, bool hasPassword, bool hasCertificate, string type)
    {
        if (!hasPassword && !hasCertificate)
        {
            failures.Add($"A {type} bot needs MicrosoftAppPassword (the app registration's client secret) or MicrosoftAppCertificatePath (a PEM/PFX certificate file).");
        }
        else if (hasPassword && hasCertificate)
        {
            failures.Add("Set either MicrosoftAppPassword or MicrosoftAppCertificatePath, not both.");
        }
    }
}
