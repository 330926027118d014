namespace ChatNetOps.Execution;

using ChatNetOps.Core.Execution;
using ChatNetOps.Execution.Credentials;
using ChatNetOps.Execution.FortiGate;
using ChatNetOps.Execution.Lab;
using ChatNetOps.Execution.Ssh;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

public static class ExecutionServiceCollectionExtensions
{
    /// <summary>
    /// Registers the device executors (one <see cref="IDeviceExecutor"/> per transport) and their options:
    /// the lab simulator (bound from <c>Lab</c>) and SSH (bound from <c>Execution:Ssh</c>), validated at start, and the
    /// embedded <see cref="ICredentialProvider"/> (secrets file and environment) unless one is registered; Key Vault
    /// replaces it when a host configures <c>Credentials:Provider=KeyVault</c>.
    /// </summary>
    public static IServiceCollection AddChatNetOpsExecution(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<LabOptions>()
            .BindConfiguration(LabOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<LabNetwork>();
        services.AddSingleton<IDeviceExecutor, LabExecutor>();
        services.AddSshExecutor();
        services.AddFortiGateExecutor();
        services.AddEmbeddedCredentials();

        return services;
    }
}
