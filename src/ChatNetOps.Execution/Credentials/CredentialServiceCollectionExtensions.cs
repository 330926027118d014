namespace ChatNetOps.Execution.Credentials;

using ChatNetOps.Core.Execution;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

public static class CredentialServiceCollectionExtensions
{
    /// <summary>The embedded credential provider (secrets file + environment), unless a host registered another one first.</summary>
    public static IServiceCollection AddEmbeddedCredentials(this IServiceCollection services)
    {
        services.AddOptions<CredentialOptions>()
            .BindConfiguration(CredentialOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<ICredentialProvider, FileCredentialProvider>();
        return services;
    }
}
