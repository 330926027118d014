namespace ChatNetOps.Bot.Hosting;

using ChatNetOps.ChangeRecords;
using ChatNetOps.Alerts;
using ChatNetOps.Core;
using ChatNetOps.Hosting;

internal static class BotHostingExtensions
{
    public const string EmbeddedWorkerKey = "Worker:Embedded";

    /// <summary>
    /// Composes the bot: core lifecycle, the configured stores and queues (embedded SQLite unless configured
    /// otherwise), device executors, and the in-process worker when the queue is embedded.
    /// </summary>
    public static WebApplicationBuilder AddChatNetOpsBot(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddChatNetOpsCore();
        builder.Services.AddChatNetOpsBackends(configuration);

        // Incident events to the ticket system (ChangeRecords:Sink); the dispatcher runs here.
        builder.Services.AddChatNetOpsChangeRecords();
        builder.Services.AddChatNetOpsTeams(configuration, builder.Environment);
        builder.Services.AddChatNetOpsSlack(configuration);
        builder.Services.AddChatNetOpsAlerts();
        if (RunsWorker(configuration))
        {
            builder.Services.AddChatNetOpsDeviceAccess(configuration);
            builder.Services.AddChatNetOpsWorker();
        }

        builder.Services.AddChatNetOpsTelemetry(configuration, "chatnetops-bot");
        builder.Services.AddHealthChecks().AddCheck<ReadinessHealthCheck>("backends", tags: [Health.HealthEndpoints.ReadyTag]);
        return builder;
    }

    /// <summary>The worker runs in-process on the embedded default unless <c>Worker:Embedded=false</c>.</summary>
    public static bool RunsWorker(IConfiguration configuration) =>
        configuration.GetValue(EmbeddedWorkerKey, defaultValue: BackendSelection.IsEmbedded(configuration));
}
