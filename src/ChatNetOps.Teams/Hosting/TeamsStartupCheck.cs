namespace ChatNetOps.Teams.Hosting;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>Says at startup how /api/messages authenticates, loudly when it does not.</summary>
internal sealed partial class TeamsStartupCheck(IOptions<TeamsOptions> options, IHostEnvironment environment, ILogger<TeamsStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.AuthenticationEnabled)
        {
            Log.Enabled(logger, settings.AppType, settings.MicrosoftAppId!, settings.OpenIdMetadataUrl);
        }
        else if (environment.IsDevelopment())
        {
            Log.DisabledDevelopment(logger);
        }
        else
        {
            Log.NotConfigured(logger, environment.EnvironmentName);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
