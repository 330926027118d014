namespace ChatNetOps.Alerts.LoadTest;

using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

/// <summary>
/// The real bot host (embedded default: SQLite file, the alert processor and card refresher running) on Kestrel at
/// 127.0.0.1 with Alertmanager's bearer token set, chat replaced by <see cref="CountingChannel"/>s, plus a bare
/// <c>POST /bench/floor</c> answering 200 in the same pipeline as the floor to compare against.
/// </summary>
internal sealed class BenchHost(string token) : WebApplicationFactory<Program>
{
    public const string FloorPath = "/bench/floor";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatnetops-alert-bench-" + Guid.NewGuid().ToString("N"));

    public CountingChannel Slack { get; } = new(ChatPlatform.Slack);

    public CountingChannel Teams { get; } = new(ChatPlatform.Teams);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_directory);
        builder.UseEnvironment("Production");
        builder.UseSetting("Inventory:Path", InventoryPaths.Resolve("inventory"));
        builder.UseSetting("Storage:Sqlite:Path", Path.Combine(_directory, "bot.db"));
        builder.UseSetting("Alerts:Alertmanager:BearerToken", token);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, FloorEndpoint>());
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IChatChannel>();
            services.AddSingleton<IChatChannel>(Slack);
            services.AddSingleton<IChatChannel>(Teams);
        });
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

    private sealed class FloorEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map(FloorPath, floor => floor.Run(async http =>
            {
                await http.Request.Body.CopyToAsync(Stream.Null);
                http.Response.StatusCode = StatusCodes.Status200OK;
            }));
            next(app);
        };
    }
}
