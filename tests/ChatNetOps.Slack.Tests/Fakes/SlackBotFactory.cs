namespace ChatNetOps.Slack.Tests.Fakes;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Inventory;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

/// <summary>The real bot host on the embedded default (temp SQLite, lab devices) with Slack pointed at a <see cref="FakeSlackApi"/>.</summary>
public sealed class SlackBotFactory(FakeSlackApi slack) : WebApplicationFactory<Program>
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatnetops-slack-" + Guid.NewGuid().ToString("N"));

    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Lab:Latency"] = "00:00:00",
        // A cleared OSPF neighbour is FULL again at once: clear-ospf-neighbor's post-check holds at its first look.
        ["Lab:OspfRecovery"] = "00:00:00",
    };

    public FakeSlackApi Slack => slack;

    /// <summary>The SQLite file the host uses: its own, unless <see cref="Settings"/> point it at another host's (a second replica).</summary>
    public string DatabasePath => Settings.TryGetValue("Storage:Sqlite:Path", out var path) && path is not null ? path : Path.Combine(_directory, "bot.db");

    /// <summary>Changes to the host's services after its own registrations (e.g. a fault injected on a port).</summary>
    public List<Action<IServiceCollection>> TestServices { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_directory);
        builder.UseEnvironment("Development");
        builder.UseSetting("Inventory:Path", InventoryPaths.Resolve("inventory"));
        builder.UseSetting("Storage:Sqlite:Path", Path.Combine(_directory, "bot.db"));
        builder.UseSetting("Slack:Enabled", "true");
        builder.UseSetting("Slack:SigningSecret", SignedRequests.SigningSecret);
        builder.UseSetting("Slack:BotToken", FakeSlackApi.BotToken);
        builder.UseSetting("Slack:ApiBaseUrl", slack.ApiBaseUrl.ToString());
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => TestServices.ForEach(configure => configure(services)));
    }

    /// <summary>Every audit event in every partition.</summary>
    public async Task<List<AuditEvent>> AuditAsync()
    {
        var audit = Services.GetRequiredService<IAuditLog>();
        var events = new List<AuditEvent>();
        foreach (var partition in await audit.ListPartitionsAsync(CancellationToken.None))
        {
            await foreach (var e in audit.ReadAsync(partition, CancellationToken.None))
            {
                events.Add(e);
            }
        }

        return events;
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
