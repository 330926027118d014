namespace ChatNetOps.Execution.FortiGate;

using ChatNetOps.Core.Execution;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

internal static class FortiGateServiceCollectionExtensions
{
    /// <summary>The FortiGate REST executor (transport <c>fortigate_api</c>) and its options from <c>Execution:FortiGate</c>.</summary>
    public static IServiceCollection AddFortiGateExecutor(this IServiceCollection services)
    {
        services.AddOptions<FortiGateOptions>()
            .BindConfiguration(FortiGateOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.CaFile) || File.Exists(o.CaFile), $"{FortiGateOptions.SectionName}:CaFile does not exist; point it at a PEM file of CA certificates or remove it and pin every device's tls_certificate_sha256.")
            .ValidateOnStart();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<FortiGateOptions>>().Value);
        services.TryAddSingleton<FortiGateTrust>();
        services.TryAddSingleton<FortiGateClients>();
        services.AddSingleton<IDeviceExecutor, FortiGateExecutor>();
        return services;
    }
}
