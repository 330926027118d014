using ChatNetOps.Alerts.Inbound;
using ChatNetOps.Bot.Health;
using ChatNetOps.Bot.Hosting;
using ChatNetOps.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddChatNetOpsBot();

var app = builder.Build();
app.MapHealthEndpoints();
app.MapTeamsEndpoints();
app.MapSlackEndpoints();
app.MapAlertEndpoints();
app.LogStartupSummary();

return await HostRun.RunAsync(app, Console.Error);

/// <summary>The bot host; public so end-to-end tests can start it with WebApplicationFactory.</summary>
public partial class Program;
