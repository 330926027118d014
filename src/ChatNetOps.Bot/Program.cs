using ChatNetOps.Alerts.Inbound;
using ChatNetOps.Bot.Health;
using ChatNetOps.Bot.Hosting;
using ChatNetOps.Hosting;

// Composition reads settings too (Storage:Provider, Worker:Embedded …), so it runs inside HostRun: a bad value ends the
// process with one line naming it, not a stack trace.
return await HostRun.RunAsync(
    () =>
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddChatNetOpsBot();
        builder.Logging.WithoutDuplicateStartFaults();
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
