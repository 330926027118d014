namespace ChatNetOps.Bot.Tests;

using ChatNetOps.Core.Inventory;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

/// <summary>The real bot host on the embedded default, with its SQLite file in a temp folder.</summary>
public sealed class BotFactory : WebApplicationFactory<Program>
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatnetops-bot-" + Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(_directory, "bot.db");

    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registrations that replace the host's own (e.g. a fault injected on a port), applied after the host's.</summary>
    public Action<IServiceCollection>? ReplaceServices { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_directory);
        builder.UseEnvironment("Development");
        builder.UseSetting("Inventory:Path", InventoryPaths.Resolve("inventory"));
        builder.UseSetting("Storage:Sqlite:Path", DatabasePath);
        builder.UseSetting("Lab:Latency", "00:00:00");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (ReplaceServices is { } replace)
        {
            builder.ConfigureTestServices(replace);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
