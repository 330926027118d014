namespace ChatNetOps.Conversation;

using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Commands;
using ChatNetOps.Conversation.Dialog;
using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Conversation.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

public static class ConversationServiceCollectionExtensions
{
    /// <summary>
    /// The dialog layer: <see cref="DialogService"/>, the command parser, card templates and the card families (<see cref="CatalogCards"/>, …),
    /// and the <see cref="ResultNotifier"/>. Needs Core (<c>AddChatNetOpsCore</c>) and a storage package. Hosts
    /// register one <see cref="IChatChannel"/> per platform they serve; with <paramref name="consumeResults"/> the
    /// host also runs the background consumer of the result queue that updates cards in place.
    /// </summary>
    public static IServiceCollection AddChatNetOpsConversation(this IServiceCollection services, bool consumeResults = false)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ConversationOptions>().BindConfiguration(ConversationOptions.SectionName).ValidateDataAnnotations();
        services.TryAddSingleton<RequestCardSignals>();
        services.TryAddSingleton(sp => CardTemplates.Load(sp.GetRequiredService<IOptions<ConversationOptions>>().Value.CardsDirectory));
        services.TryAddSingleton<CatalogCards>();
        services.TryAddSingleton<RequestCards>();
        services.TryAddSingleton<RefusalCards>();
        services.TryAddSingleton<IncidentCards>();
        services.TryAddSingleton<ReportCards>();
        services.TryAddSingleton<ChangeWindowCards>();
        services.TryAddSingleton<CommandParser>();
        services.TryAddSingleton<Visibility>();
        services.TryAddSingleton<DenialRecorder>();
        services.TryAddSingleton<HelpHandler>();
        services.TryAddSingleton<CatalogHandler>();
        services.TryAddSingleton<LockReleaseNotifier>();
        services.TryAddSingleton<SeverityCardNotifier>();
        services.TryAddSingleton<RunHandler>();
        services.TryAddSingleton<StatusHandler>();
        services.TryAddSingleton<DecisionHandler>();
        services.TryAddSingleton<IncidentHandler>();
        services.TryAddSingleton<ChangeHandler>();
        services.TryAddSingleton<ActionHandler>();
        services.TryAddSingleton<ReportHandler>();
        // Public types over internal handlers: constructed here, since the container only sees public constructors.
        services.TryAddSingleton(sp => new DialogService(
            sp.GetRequiredService<CommandParser>(),
            sp.GetRequiredService<Core.Inventory.InventoryCatalog>(),
            sp.GetRequiredService<Core.Channels.ChannelResolver>(),
            sp.GetRequiredService<Core.Requests.IRequestStore>(),
            sp.GetRequiredService<Core.Channels.IRequestCardStore>(),
            sp.GetRequiredService<HelpHandler>(),
            sp.GetRequiredService<CatalogHandler>(),
            sp.GetRequiredService<RunHandler>(),
            sp.GetRequiredService<StatusHandler>(),
            sp.GetRequiredService<DecisionHandler>(),
            sp.GetRequiredService<IncidentHandler>(),
            sp.GetRequiredService<ActionHandler>(),
            sp.GetRequiredService<DenialRecorder>(),
            sp.GetRequiredService<ILogger<DialogService>>(),
            sp.GetRequiredService<ReportHandler>(),
            sp.GetRequiredService<ChangeHandler>(),
            sp.GetRequiredService<RequestCardSignals>()));
        services.TryAddSingleton(sp => new ResultNotifier(
            sp.GetRequiredService<Core.Requests.IRequestStore>(),
            sp.GetRequiredService<Core.Requests.IOutputStore>(),
            sp.GetRequiredService<Core.Channels.IRequestCardStore>(),
            sp.GetRequiredService<RequestCards>(),
            sp.GetRequiredService<Visibility>(),
            sp.GetServices<IChatChannel>(),
            sp.GetRequiredService<ILogger<ResultNotifier>>(),
            sp.GetService<Core.ChangeRecords.IChangeRecordStore>(),
            sp.GetRequiredService<LockReleaseNotifier>(),
            sp.GetRequiredService<RequestCardSignals>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ConversationOptions>>().Value.RequestCardWait,
            sp.GetRequiredService<SeverityCardNotifier>()));
        // Result cards posted before the incident's change record existed show its link once it does.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Core.ChangeRecords.IChangeTicketListener, ResultCardTickets>());
        services.AddOptions<Reports.ReportDigestOptions>().BindConfiguration(Reports.ReportDigestOptions.SectionName);
        services.TryAddSingleton<Reports.ReportDigest>();
        if (consumeResults)
        {
            // The bot host: the weekly report digest runs beside the result consumer (it does nothing unless configured).
            services.AddHostedService<Reports.ReportDigestService>();
            services.TryAddSingleton<Core.Health.QueueConsumerHealth>();
            services.AddHostedService<ResultNotifierService>();
        }

        return services;
    }
}
