using ChatNetOps.Bot.Health;
using ChatNetOps.Bot.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddChatNetOpsBot();

var app = builder.Build();
app.MapHealthEndpoints();
app.MapTeamsEndpoints();
app.MapSlackEndpoints();
app.LogStartupSummary();

await app.RunAsync();

/// <summary>The bot host; public so end-to-end tests can start it with WebApplicationFactory.</summary>
public partial class Program;
