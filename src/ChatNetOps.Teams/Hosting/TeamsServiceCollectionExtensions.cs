namespace Microsoft.Extensions.DependencyInjection;

using ChatNetOps.Conversation;
using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Teams.Activities;
using ChatNetOps.Teams.Auth;
using ChatNetOps.Teams.Connector;
using ChatNetOps.Teams.Hosting;
using ChatNetOps.Teams.Invoke;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

public static class TeamsServiceCollectionExtensions
{
    /// <summary>
    /// The Teams channel: Bot Connector token validation (JwtBearer scheme <c>BotFramework</c>), activity handling on
    /// top of the dialog layer, the Connector client (tokens from Azure.Identity unless no MicrosoftAppId is set), and
    /// the Teams <see cref="IChatChannel"/> for result notifications. Map the endpoint with <c>MapTeamsEndpoints</c>.
    /// </summary>
    public static IServiceCollection AddChatNetOpsTeams(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        services.AddChatNetOpsConversation(consumeResults: true);
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<TeamsOptions>()
            .Bind(configuration.GetSection(TeamsOptions.SectionName))
            .Configure(o =>
            {
                o.MicrosoftAppType = configuration["MicrosoftAppType"] ?? o.MicrosoftAppType;
                o.MicrosoftAppId = configuration["MicrosoftAppId"] ?? o.MicrosoftAppId;
                o.MicrosoftAppPassword = configuration["MicrosoftAppPassword"] ?? o.MicrosoftAppPassword;
                o.MicrosoftAppTenantId = configuration["MicrosoftAppTenantId"] ?? o.MicrosoftAppTenantId;
                o.MicrosoftAppCertificatePath = configuration["MicrosoftAppCertificatePath"] ?? o.MicrosoftAppCertificatePath;
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TeamsOptions>, TeamsOptionsValidator>());
        services.AddHostedService<TeamsStartupCheck>();

        // Inbound.
        services.AddHttpClient(BotConnectorKeys.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.TryAddSingleton<BotConnectorKeys>();
        services.AddAuthentication().AddJwtBearer(TeamsAuthDefaults.Scheme, _ => { });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JwtBearerOptions>, BotFrameworkJwtBearerSetup>());
        services.TryAddSingleton<ServiceUrlPolicy>();
        services.TryAddSingleton<InboundAuthenticator>();
        services.TryAddSingleton<ChatNetOps.Core.Audit.InboundRefusals>();
        services.TryAddSingleton<TeamsAuthDenials>();
        services.AddHostedService<ChatNetOps.Core.Audit.InboundRefusalFlusher>();

        // Outbound.
        services.TryAddSingleton<ServiceUrlRegistry>();
        services.TryAddSingleton<ConversationRateLimiter>();
        services.TryAddSingleton<IConnectorTokenProvider>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TeamsOptions>>().Value;
            return options.AuthenticationEnabled
                ? new AzureIdentityTokenProvider(BotCredentials.Create(options), sp.GetRequiredService<TimeProvider>())
                : new NoConnectorTokenProvider();
        });
        services.AddHttpClient(ConnectorClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30))
            .AddConnectorResilience();
        services.TryAddSingleton<IConnectorClient, ConnectorClient>();
        services.TryAddSingleton<TeamsMemberDirectory>();
        services.TryAddSingleton<TeamsMessenger>();
        services.TryAddSingleton<TeamsProactiveMessenger>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatChannel, TeamsChatChannel>());

        // Activities.
        services.TryAddSingleton<ChatEventFactory>();
        services.TryAddSingleton<MessageActivityHandler>();
        services.TryAddSingleton<TeamsConversationNames>();
        services.TryAddSingleton<WelcomeHandler>();
        services.TryAddSingleton<CardActionInvokeHandler>();
        services.TryAddSingleton<UnfinishedInvokes>();
        services.AddHostedService(sp => sp.GetRequiredService<UnfinishedInvokes>());
        return services;
    }
}
