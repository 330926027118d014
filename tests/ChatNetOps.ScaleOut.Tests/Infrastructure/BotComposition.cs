namespace ChatNetOps.ScaleOut.Tests.Infrastructure;

using ChatNetOps.Azure;
using ChatNetOps.Core;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The Bot host's role in these tests: Core's lifecycle (RequestService, IncidentService) composed in the test process
/// over the same Cosmos database and Service Bus queues the workers use, with the same configuration keys
/// (Storage:Provider=Cosmos and Queue:Provider=ServiceBus select exactly these two extension methods in BackendSelection).
/// The bot's chat surface is covered by the Bot tests; here it only creates, approves and observes requests.
/// </summary>
internal sealed class BotComposition : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public BotComposition(IReadOnlyDictionary<string, string> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), (string?)s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddChatNetOpsCore();
        services.AddChatNetOpsCosmosStorage();
        services.AddChatNetOpsServiceBusQueues();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public RequestService Requests => _services.GetRequiredService<RequestService>();

    public IncidentService Incidents => _services.GetRequiredService<IncidentService>();

    public IRequestStore Store => _services.GetRequiredService<IRequestStore>();

    public IDeviceLockStore Locks => _services.GetRequiredService<IDeviceLockStore>();

    public IAuditLog Audit => _services.GetRequiredService<IAuditLog>();

    public async Task<List<AuditEvent>> EventsAsync(string partition)
    {
        var events = new List<AuditEvent>();
        await foreach (var e in Audit.ReadAsync(partition, CancellationToken.None))
        {
            events.Add(e);
        }

        return events;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
