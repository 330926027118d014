namespace ChatNetOps.Hosting;

using ChatNetOps.Core.Health;
using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Chooses the store and queue implementations from configuration (<c>Storage:Provider</c>,
/// <c>Queue:Provider</c>). Nothing configured means the embedded default: one SQLite file for both.
/// Compiled into each host (a linked source file), so both hosts decide the same way.
/// </summary>
internal static class BackendSelection
{
    public const string StorageProviderKey = "Storage:Provider";
    public const string QueueProviderKey = "Queue:Provider";
    public const string Sqlite = "Sqlite";

    public static string StorageProvider(IConfiguration configuration) => configuration[StorageProviderKey] ?? Sqlite;

    public static string QueueProvider(IConfiguration configuration) => configuration[QueueProviderKey] ?? Sqlite;

    public static bool IsEmbedded(IConfiguration configuration) =>
        Is(StorageProvider(configuration), Sqlite) && Is(QueueProvider(configuration), Sqlite);

    public static IServiceCollection AddChatNetOpsBackends(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = StorageProvider(configuration);
        var queue = QueueProvider(configuration);
        if (!Is(storage, Sqlite) || !Is(queue, Sqlite))
        {
            throw new InvalidOperationException(
                $"Storage:Provider '{storage}' / Queue:Provider '{queue}' is not available in this build; use 'Sqlite' (the embedded default).");
        }

        services.AddChatNetOpsSqliteStorage();
        services.AddSingleton<IReadinessProbe, SqliteReadinessProbe>();
        return services;
    }

    private static bool Is(string value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);
}
