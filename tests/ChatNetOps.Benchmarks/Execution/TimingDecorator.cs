namespace ChatNetOps.Benchmarks.Execution;

using Microsoft.Extensions.DependencyInjection;

/// <summary>Replaces the last registration of a port with a <see cref="TimingProxy{T}"/> around it.</summary>
internal static class TimingDecorator
{
    public static void Decorate<T>(IServiceCollection services, CallStats stats)
        where T : class
    {
        var descriptor = services.Last(d => d.ServiceType == typeof(T));
        services.Remove(descriptor);
        services.Add(ServiceDescriptor.Describe(typeof(T), sp =>
        {
            var inner = descriptor.ImplementationInstance
                ?? descriptor.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!);
            return TimingProxy<T>.Wrap((T)inner, stats);
        }, descriptor.Lifetime));
    }
}
