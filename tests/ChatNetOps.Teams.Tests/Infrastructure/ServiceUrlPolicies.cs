namespace ChatNetOps.Teams.Tests.Infrastructure;

using ChatNetOps.Teams.Connector;
using ChatNetOps.Teams.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

/// <summary>The serviceUrl policy as a host in a given environment builds it (Development: loopback allowed).</summary>
internal static class ServiceUrlPolicies
{
    public static ServiceUrlPolicy For(string environment = "Development", TeamsOptions? options = null) =>
        new(Options.Create(options ?? new TeamsOptions()), new Environment(environment));

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "ChatNetOps.Teams.Tests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
