namespace ChatNetOps.Bot.Hosting;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Hosting;

internal static partial class StartupSummary
{
    /// <summary>Says at startup what the bot runs on, so a newcomer sees the embedded default is in use.</summary>
    public static void LogStartupSummary(this WebApplication app)
    {
        var catalog = app.Services.GetRequiredService<InventoryCatalog>();
        var configuration = app.Configuration;
        var storage = BackendSelection.StorageProvider(configuration);
        if (BackendSelection.IsSqlite(storage) || BackendSelection.IsSqlite(BackendSelection.QueueProvider(configuration)))
        {
            // Name the file, so the console ('chatnetops chat', 'incident export') can be pointed at the same one.
            var path = System.IO.Path.GetFullPath(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ChatNetOps.Storage.Sqlite.SqliteStorageOptions>>().Value.Path);
            storage = $"{storage} (SQLite file {path})";
        }

        var queue = BackendSelection.QueueProvider(configuration);
        var embeddedWorker = BotHostingExtensions.RunsWorker(configuration);
        Log.Summary(app.Logger, storage, queue, embeddedWorker, catalog.Devices.Count, catalog.Runbooks.Count);
    }
}
