namespace ChatNetOps.Hosting;

using ChatNetOps.Azure;
using ChatNetOps.Core;
using ChatNetOps.Core.Health;
using ChatNetOps.Execution;
using ChatNetOps.Inventory.NetBox;
using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Chooses implementations from configuration: <c>Storage:Provider</c> (Sqlite | Cosmos), <c>Queue:Provider</c>
/// (Sqlite | ServiceBus), <c>Credentials:Provider</c> (File | KeyVault). Nothing configured means the embedded
/// default: one SQLite file for stores and queues, device secrets from a local file or the environment. The audit trail's
/// checkpoints and their key: <c>Audit:Checkpoints:Provider</c> (File | Blob) and <c>Audit:Key:Provider</c> (File |
/// KeyVault); files beside the SQLite file by default, required settings with Cosmos.
/// Compiled into each host (a linked source file), so both hosts decide the same way.
/// </summary>
internal static class BackendSelection
{
    public const string StorageProviderKey = "Storage:Provider";
    public const string QueueProviderKey = "Queue:Provider";
    public const string CredentialsProviderKey = "Credentials:Provider";
    public const string CheckpointsProviderKey = "Audit:Checkpoints:Provider";
    public const string KeyProviderKey = "Audit:Key:Provider";
    public const string Blob = "Blob";
    public const string Sqlite = "Sqlite";
    public const string Cosmos = "Cosmos";
    public const string ServiceBus = "ServiceBus";
    public const string File = "File";
    public const string KeyVault = "KeyVault";

    public static string StorageProvider(IConfiguration configuration) => configuration[StorageProviderKey] ?? Sqlite;

    public static string QueueProvider(IConfiguration configuration) => configuration[QueueProviderKey] ?? Sqlite;

    public static string CredentialsProvider(IConfiguration configuration) => configuration[CredentialsProviderKey] ?? File;

    /// <summary>Whether <paramref name="provider"/> names the embedded SQLite file.</summary>
    public static bool IsSqlite(string provider) => Is(provider, Sqlite);

    public static bool IsEmbedded(IConfiguration configuration) =>
        Is(StorageProvider(configuration), Sqlite) && Is(QueueProvider(configuration), Sqlite);

    /// <summary>Stores and queues, as configured.</summary>
    public static IServiceCollection AddChatNetOpsBackends(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = Expect(StorageProviderKey, StorageProvider(configuration), Sqlite, Cosmos);
        var queue = Expect(QueueProviderKey, QueueProvider(configuration), Sqlite, ServiceBus);
        if (Is(storage, Cosmos))
        {
            services.AddChatNetOpsCosmosStorage();
        }

        if (Is(queue, ServiceBus))
        {
            services.AddChatNetOpsServiceBusQueues();
        }

        AddAuditAnchoring(services, configuration, storage);

        if (Is(storage, Sqlite) || Is(queue, Sqlite))
        {
            // Registers only what the Azure providers above did not (TryAdd), over one SQLite file.
            services.AddChatNetOpsSqliteStorage();
            services.AddSingleton<IReadinessProbe, SqliteReadinessProbe>();
        }

        // Devices from NetBox or Nautobot when Inventory:Source:NetBox|Nautobot:Url is set (devices.yaml only otherwise);
        // their snapshot beside the SQLite file, in the per-user data directory unless Storage:Sqlite:Path says otherwise.
        services.AddChatNetOpsInventorySource(configuration, SqliteDefaults.DatabasePath);
        return services;
    }

    /// <summary>
    /// Where audit checkpoints go and where their key comes from. Embedded: files beside the database. With Cosmos both
    /// must be named (infra/ sets Blob and KeyVault); a host that cannot anchor its audit trail does not start.
    /// </summary>
    private static void AddAuditAnchoring(IServiceCollection services, IConfiguration configuration, string storage)
    {
        var embedded = Is(storage, Sqlite) ? File : null;
        var checkpoints = Expect(CheckpointsProviderKey, configuration[CheckpointsProviderKey] ?? embedded
            ?? throw new ConfigurationFaultException($"{CheckpointsProviderKey} is required with {StorageProviderKey}={storage}: Blob (with Audit:Checkpoints:Blob:ServiceUri, as infra/ sets it) or File (with Audit:Checkpoints:Path, on storage the database's administrators cannot rewrite)."),
            File, Blob);
        var key = Expect(KeyProviderKey, configuration[KeyProviderKey] ?? embedded
            ?? throw new ConfigurationFaultException($"{KeyProviderKey} is required with {StorageProviderKey}={storage}: KeyVault (with Audit:Key:KeyVault:Uri, as infra/ sets it) or File (with Audit:Key:Path)."),
            File, KeyVault);
        if (Is(checkpoints, Blob))
        {
            services.AddChatNetOpsBlobAuditCheckpoints();
        }

        if (Is(key, KeyVault))
        {
            services.AddChatNetOpsKeyVaultAuditKey();
        }

        if (!Is(storage, Sqlite) && (Is(checkpoints, File) || Is(key, File)))
        {
            foreach (var (provider, setting) in new[] { (checkpoints, "Audit:Checkpoints:Path"), (key, "Audit:Key:Path") })
            {
                if (Is(provider, File) && string.IsNullOrWhiteSpace(configuration[setting]))
                {
                    throw new ConfigurationFaultException($"{setting} is required when the audit {(setting.Contains("Key", StringComparison.Ordinal) ? "key" : "checkpoints")} are kept in a file and {StorageProviderKey}={storage}.");
                }
            }

            // Fills in only what Blob / KeyVault did not.
            services.AddChatNetOpsFileAuditAnchoring();
        }
    }

    /// <summary>Device executors and the credential provider they use. Only hosts that run the worker call this.</summary>
    public static IServiceCollection AddChatNetOpsDeviceAccess(this IServiceCollection services, IConfiguration configuration)
    {
        var credentials = Expect(CredentialsProviderKey, CredentialsProvider(configuration), File, KeyVault);
        services.AddChatNetOpsExecution();
        if (Is(credentials, KeyVault))
        {
            // Replaces the embedded secrets-file provider.
            services.AddChatNetOpsKeyVaultCredentials();
        }

        return services;
    }

    private static string Expect(string key, string value, params string[] allowed) =>
        allowed.FirstOrDefault(a => Is(a, value))
        ?? throw new ConfigurationFaultException($"{key} '{value}' is not supported; use one of: {string.Join(", ", allowed)}.");

    private static bool Is(string value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);
}
