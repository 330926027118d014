namespace ChatNetOps.Bot.Hosting;

using ChatNetOps.Core;
using ChatNetOps.Execution;
using ChatNetOps.Storage.Sqlite;

internal static class BotHostingExtensions
{
    /// <summary>
    /// Composes the bot: core lifecycle, the configured stores and queues (embedded SQLite unless configured
    /// otherwise), device executors, and the in-process worker when the queue is embedded.
    /// </summary>
    public static WebApplicationBuilder AddChatNetOpsBot(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var storage = configuration[HostingOptions.StorageProviderKey] ?? HostingOptions.Sqlite;
        var queue = configuration[HostingOptions.QueueProviderKey] ?? HostingOptions.Sqlite;
        if (!string.Equals(storage, HostingOptions.Sqlite, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(queue, HostingOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Storage:Provider '{storage}' / Queue:Provider '{queue}' is not available in this build; use 'Sqlite' (the embedded default).");
        }

        builder.Services.AddChatNetOpsCore();
        builder.Services.AddChatNetOpsSqliteStorage();
        builder.Services.AddSingleton<Core.Health.IReadinessProbe, SqliteReadinessProbe>();
        builder.Services.AddChatNetOpsExecution();
        if (configuration.GetValue(HostingOptions.EmbeddedWorkerKey, defaultValue: true))
        {
            builder.Services.AddChatNetOpsWorker();
        }

        builder.Services.AddHealthChecks().AddCheck<ReadinessHealthCheck>("backends", tags: [Health.HealthEndpoints.ReadyTag]);
        return builder;
    }
}
