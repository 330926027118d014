namespace ChatNetOps.Execution.Tests;

using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Execution.Credentials;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

public sealed class ExecutionRegistrationTests
{
    [Fact]
    public void AddChatNetOpsExecution_ResolvesOneExecutorPerTransport_AndTheEmbeddedCredentials()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddChatNetOpsExecution();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var transports = provider.GetServices<IDeviceExecutor>().Select(e => e.Transport).ToArray();

        Assert.Equal(transports.Distinct().Count(), transports.Length);
        Assert.Contains(Transport.Lab, transports);
        Assert.Contains(Transport.Ssh, transports);
        Assert.IsType<FileCredentialProvider>(provider.GetRequiredService<ICredentialProvider>());
    }
}
