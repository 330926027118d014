using ChatNetOps.Alerts.Inbound;
using ChatNetOps.Bot.Health;
using ChatNetOps.Bot.Hosting;
using ChatNetOps.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddChatNetOpsBot();

return await HostRun.RunAsync(
    () =>
    {
        var app = builder.Build();
        app.MapHealthEndpoints();
        app.MapTeamsEndpoints();
        app.MapSlackEndpoints();
        app.MapAlertEndpoints();
        app.LogStartupSummary();
        return app;
    },
    Console.Error);

/// <summary>The bot host; public so end-to-end tests can start it with WebApplicationFactory.</summary>
public partial class Program;
