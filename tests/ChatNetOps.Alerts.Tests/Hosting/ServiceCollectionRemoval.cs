namespace ChatNetOps.Alerts.Tests.Hosting;

using Microsoft.Extensions.DependencyInjection;

internal static class ServiceCollectionRemoval
{
    public static void RemoveAll<T>(this IServiceCollection services, Func<ServiceDescriptor, bool> where)
    {
        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(T) && where(d)).ToList())
        {
            services.Remove(descriptor);
        }
    }
}
