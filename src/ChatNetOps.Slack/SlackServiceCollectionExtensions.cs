namespace Microsoft.Extensions.DependencyInjection;

using ChatNetOps.Conversation;
using ChatNetOps.Slack;
using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Slack.BlockKit;
using ChatNetOps.Slack.Inbound;
using ChatNetOps.Slack.Processing;
using ChatNetOps.Slack.Signing;
using ChatNetOps.Slack.SocketMode;
using ChatNetOps.Slack.Users;
using ChatNetOps.Slack.WebApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

public static class SlackServiceCollectionExtensions
{
    /// <summary>
    /// Whether the host should serve Slack: <c>Slack:Enabled</c> is true, or a <c>Slack:SigningSecret</c> is configured
    /// and <c>Slack:Enabled</c> is not explicitly false.
    /// </summary>
    public static bool IsSlackEnabled(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SlackOptions.SectionName);
        var enabled = section[nameof(SlackOptions.Enabled)];
        return bool.TryParse(enabled, out var on)
            ? on
            : !string.IsNullOrWhiteSpace(section[nameof(SlackOptions.SigningSecret)]);
    }

    /// <summary>
    /// The Slack channel, when <see cref="IsSlackEnabled"/>: signature gate, inbound handler, the durable hand-off to the
    /// <see cref="ChatNetOps.Core.Queues.IChatWorkQueue"/> the queue backend registers, and the background processor,
    /// Web API client (rate tiers, 429), Block Kit rendering, the <see cref="IChatChannel"/> for result updates, the
    /// dialog layer, and Socket Mode when <c>Slack:SocketMode</c> is true. Options are validated at start: a missing
    /// signing secret or bot token stops the host with a message saying how to fix it. Map the endpoints with
    /// <see cref="SlackEndpoints.MapSlackEndpoints"/>. Does nothing when Slack is not enabled. Repeat detection and the
    /// forms behind buttons live in the <see cref="ChatNetOps.Core.Channels.IChatStateStore"/> the storage backend
    /// registers (<c>AddChatNetOpsSqliteStorage</c> or <c>AddChatNetOpsCosmosStorage</c>), so replicas share them.
    /// </summary>
    public static IServiceCollection AddChatNetOpsSlack(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!IsSlackEnabled(configuration))
        {
            return services;
        }

        services.AddOptions<SlackOptions>()
            .BindConfiguration(SlackOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddChatNetOpsConversation(consumeResults: true);

        services.AddHttpClient(SlackApiClient.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        services.TryAddSingleton<SlackRateLimiter>();
        services.TryAddSingleton<SlackApiClient>();
        services.TryAddSingleton<IChatApi, ChatApi>();
        services.TryAddSingleton<IViewsApi, ViewsApi>();
        services.TryAddSingleton<IFilesApi, FilesApi>();
        services.TryAddSingleton<IUsersApi, UsersApi>();
        services.TryAddSingleton<IConversationsApi, ConversationsApi>();
        services.TryAddSingleton<IAppsApi, AppsApi>();
        services.TryAddSingleton<IResponseUrlClient, ResponseUrlClient>();

        services.TryAddSingleton(sp =>
        {
            var slack = sp.GetRequiredService<IOptions<SlackOptions>>().Value;
            return new SlackSignatureVerifier(slack.SigningSecret!, slack.SignatureTolerance, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<ChatNetOps.Core.Audit.InboundRefusals>();
        services.AddHostedService<ChatNetOps.Core.Audit.InboundRefusalFlusher>();
        services.TryAddSingleton<SlackRequestGate>();
        services.TryAddSingleton<SlackDeduplicator>();
        services.TryAddSingleton(sp => sp.GetService<ChatNetOps.Core.Queues.IChatWorkQueue>() is { } queue
            ? new SlackWorkInbox(queue, sp.GetRequiredService<SlackDeduplicator>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<SlackOptions>>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SlackWorkInbox>>())
            : throw new InvalidOperationException(
                "The Slack channel needs a durable work queue (IChatWorkQueue), so that nothing it acknowledged is lost: the queue backends register one "
                + "(Queue:Provider=Sqlite, AddChatNetOpsSqliteStorage; Queue:Provider=ServiceBus, AddChatNetOpsServiceBusQueues). Register IChatWorkQueue for the configured Queue:Provider, or set Slack:Enabled=false."));
        services.TryAddSingleton(sp => new WorkerSlots(sp.GetRequiredService<IOptions<SlackOptions>>().Value.Concurrency));
        services.TryAddSingleton<FormStore>();
        services.TryAddSingleton<SlackInboundHandler>();
        services.TryAddSingleton<SlackUserDirectory>();
        services.TryAddSingleton<SlackConversations>();
        services.TryAddSingleton<SlackResponder>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatChannel, SlackChatChannel>());
        services.AddHostedService<SlackWorkProcessor>();
        services.TryAddSingleton<SocketModeService>();
        services.AddHostedService(sp => sp.GetRequiredService<SocketModeService>());
        return services;
    }
}
