namespace ChatNetOps.Execution;

using ChatNetOps.Core.Execution;
using ChatNetOps.Execution.Lab;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

public static class ExecutionServiceCollectionExtensions
{
    /// <summary>
    /// Registers the device executors (one <see cref="IDeviceExecutor"/> per transport) and their options:
    /// the lab simulator, bound from <c>Lab</c> and validated at start.
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

        return services;
    }
}
