namespace ChatNetOps.Azure;

using global::Azure.Core;
using global::Azure.Identity;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The identity every Azure backend uses: a <see cref="TokenCredential"/> registered by the host (tests register a
/// static one), otherwise <see cref="DefaultAzureCredential"/>, which handles managed identity in Azure (AZURE_CLIENT_ID
/// picks a user-assigned identity), workload identity and developer sign-ins. Never a connection string.
/// </summary>
internal static class AzureTokenCredentials
{
    private static readonly Lazy<TokenCredential> Default = new(() => new DefaultAzureCredential());

    public static TokenCredential Resolve(IServiceProvider services) =>
        services.GetService<TokenCredential>() ?? Default.Value;
}
