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

    private static partial class Log
    {
        [LoggerMessage(EventId = 6030, Level = LogLevel.Information, Message = "Teams: /api/messages validates Bot Connector tokens for app {AppId} ({AppType}); keys from {MetadataUrl}")]
        public static partial void Enabled(ILogger logger, BotAppType appType, string appId, Uri metadataUrl);

        [LoggerMessage(EventId = 6031, Level = LogLevel.Warning, Message = "Teams: MicrosoftAppId is not set, so /api/messages accepts UNAUTHENTICATED requests - only because this is Development, and only from loopback (127.0.0.1/::1) with a loopback serviceUrl. Set MicrosoftAppId, MicrosoftAppType, MicrosoftAppTenantId and MicrosoftAppPassword before exposing the bot.")]
        public static partial void DisabledDevelopment(ILogger logger);

        [LoggerMessage(EventId = 6032, Level = LogLevel.Warning, Message = "Teams: MicrosoftAppId is not set in {Environment}, so /api/messages refuses every request (401). Set MicrosoftAppId, MicrosoftAppType, MicrosoftAppTenantId and MicrosoftAppPassword to serve Teams.")]
        public static partial void NotConfigured(ILogger logger, string environment);
    }
}
