using ChatNetOps.ChangeRecords;
using ChatNetOps.Core;
using ChatNetOps.Hosting;
using ChatNetOps.Worker.Hosting;

// The executor worker: consumes the job queue and reaches devices. It holds device credentials; it never
// holds chat tokens. On the embedded default the bot runs this same worker in-process instead.
// Composition reads settings too (Storage:Provider …), so it runs inside HostRun: a bad value ends the process with one
// line naming it, not a stack trace.
return await HostRun.RunAsync(
    () =>
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddChatNetOpsCore();
        builder.Services.AddChatNetOpsBackends(builder.Configuration);

        // The runs' audit events are queued for the ticket system here too; the bot's dispatcher delivers them.
        builder.Services.AddChatNetOpsChangeRecords(runDispatcher: false);
        builder.Services.AddChatNetOpsDeviceAccess(builder.Configuration);
        builder.Services.AddChatNetOpsWorker();
        builder.Services.AddChatNetOpsTelemetry(builder.Configuration, "chatnetops-worker");
        builder.Logging.WithoutDuplicateStartFaults();
        var host = builder.Build();
        host.LogStartupSummary();
        return host;
    },
    Console.Error);
