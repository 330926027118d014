namespace ChatNetOps.Slack.LoadTest;

using ChatNetOps.Core.Inventory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The real bot host (embedded default: SQLite file, in-process worker, lab devices) on Kestrel at 127.0.0.1, Slack
/// enabled against the <see cref="SlackSink"/>, plus a bare <c>POST /bench/floor</c> answering 200 in the same
/// pipeline as the floor to compare against.
/// </summary>
internal sealed class BenchHost(SlackSink sink, string secret) : WebApplicationFactory<Program>
{
    public const string FloorPath = "/bench/floor";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatnetops-slack-bench-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_directory);
        builder.UseEnvironment("Production");
        builder.UseSetting("Inventory:Path", InventoryPaths.Resolve("inventory"));
        builder.UseSetting("Storage:Sqlite:Path", Path.Combine(_directory, "bot.db"));
        builder.UseSetting("Slack:Enabled", "true");
        builder.UseSetting("Slack:SigningSecret", secret);
        builder.UseSetting("Slack:BotToken", "xoxb-bench");
        builder.UseSetting("Slack:ApiBaseUrl", sink.ApiBaseUrl.ToString());
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, FloorEndpoint>());
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
