extern alias bot;

namespace ChatNetOps.ScaleOut.Tests.Infrastructure;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Queues;
using ChatNetOps.Core.Requests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The real Bot host (its Program, composed by BackendSelection from Storage:Provider=Cosmos and
/// Queue:Provider=ServiceBus, with Worker:Embedded=false so it executes nothing itself), started in the test process
/// over the same Cosmos database and Service Bus queues the worker processes use. Requests are created and approved
/// through the host's own SubmitService and DecisionService; the bot's chat surface is covered by the Slack and Teams tests.
/// </summary>
internal sealed class BotComposition : IAsyncDisposable
{
    private readonly BotHost _host;
    private readonly IServiceProvider _services;

    public BotComposition(IReadOnlyDictionary<string, string> settings)
    {
        _host = new BotHost(settings);
        _services = _host.Services;
    }

    public SubmitService Submit => _services.GetRequiredService<SubmitService>();

    public DecisionService Decisions => _services.GetRequiredService<DecisionService>();

    public IncidentService Incidents => _services.GetRequiredService<IncidentService>();

    public IRequestStore Store => _services.GetRequiredService<IRequestStore>();

    public IDeviceLockStore Locks => _services.GetRequiredService<IDeviceLockStore>();

    public IAuditLog Audit => _services.GetRequiredService<IAuditLog>();

    public ChatNetOps.Core.Audit.Checkpoints.AuditAnchor Anchor => _services.GetRequiredService<ChatNetOps.Core.Audit.Checkpoints.AuditAnchor>();

    public IJobQueue Jobs => _services.GetRequiredService<IJobQueue>();

    public async Task<List<AuditEvent>> EventsAsync(string partition)
    {
        var events = new List<AuditEvent>();
        await foreach (var e in Audit.ReadAsync(partition, CancellationToken.None))
        {
            events.Add(e);
        }

        return events;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private sealed class BotHost(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<bot::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key.Replace("__", ":", StringComparison.Ordinal), value);
            }

            builder.UseSetting("Worker:Embedded", "false");
        }
    }
}
