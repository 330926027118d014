namespace ChatNetOps.Execution.Ssh;

using ChatNetOps.Core.Execution;
using ChatNetOps.Execution.Jump;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

internal static class SshServiceCollectionExtensions
{
    /// <summary>
    /// The SSH executor (transport <c>ssh</c>), its session pool, the jump host pool it shares with the FortiGate REST
    /// executor, and options from <c>Execution:Ssh</c>.
    /// </summary>
    public static IServiceCollection AddSshExecutor(this IServiceCollection services)
    {
        services.AddOptions<SshExecutorOptions>()
            .BindConfiguration(SshExecutorOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<SshExecutorOptions>>().Value);
        services.TryAddSingleton<JumpHostPool>();
        services.TryAddSingleton<SshConnectionFactory>();
        services.TryAddSingleton<SshConnectionPool>();
        services.AddSingleton<IDeviceExecutor, SshExecutor>();
        return services;
    }
}
