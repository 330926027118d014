namespace ChatNetOps.Cli.Tests.Audit;

using ChatNetOps.Core;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The timeline (and so <c>incident export</c>) reads an alert incident's severity from chains written before and
/// after IncidentOpened carried <c>proposedSeverity</c>: both open at the default, a proposal does not change it.
/// </summary>
public sealed class AlertIncidentSeverityChainTests : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatnetops-sevchain-" + Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services;

    public AlertIncidentSeverityChainTests()
    {
        Directory.CreateDirectory(_directory);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Inventory:Path"] = InventoryPaths.Resolve("inventory"),
            ["Storage:Sqlite:Path"] = Path.Combine(_directory, "audit.db"),
        }).Build());
        services.AddLogging();
        services.AddChatNetOpsCore();
        services.AddChatNetOpsSqliteStorage();
        _services = services.BuildServiceProvider();
    }

    [Theory]
    [InlineData(false)] // before: 'severity' was the alert's proposal (1), with severityStatus=proposed
    [InlineData(true)] // now: 'severity' is the opening severity, the proposal is 'proposedSeverity'
    public async Task AnExpiredAlertProposal_LeavesTheOpeningSeverity_AndTheRowAgreesWithTheChain(bool proposedSeverityRecorded)
    {
        // Before the fix the old shape read as severity 1 and the export flagged the untouched row (sev 3) as disagreeing.
        const string Id = "ALR-1364256537";
        var alert = new Actor(ChatPlatform.Console, "alertmanager", "Alert (alertmanager)");
        var at = new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);
        Assert.NotNull(await _services.GetRequiredService<IIncidentStore>().TryCreateAsync(
            new Incident(Id, "Link down", IncidentService.DefaultSeverity, IncidentState.Open, alert, at), CancellationToken.None));
        var log = _services.GetRequiredService<IAuditLog>();
        var opened = new Dictionary<string, string> { ["title"] = "Link down", ["severityStatus"] = "proposed", ["conversation"] = "C-NOC", ["platform"] = "Slack" };
        if (proposedSeverityRecorded)
        {
            opened["severity"] = "3";
            opened["proposedSeverity"] = "1";
        }
        else
        {
            opened["severity"] = "1";
        }

        await log.AppendAsync(new AuditEntry(AuditKind.IncidentOpened, alert) { Incident = Id, Details = opened }, CancellationToken.None);
        await log.AppendAsync(new AuditEntry(AuditKind.SeverityProposed, alert) { Incident = Id, Details = new Dictionary<string, string> { ["from"] = "3", ["to"] = "1" } }, CancellationToken.None);
        await log.AppendAsync(new AuditEntry(AuditKind.SeverityRejected, Actor.System) { Incident = Id, Details = new Dictionary<string, string> { ["from"] = "3", ["to"] = "1", ["reason"] = "expired" } }, CancellationToken.None);

        var timeline = await _services.GetRequiredService<IncidentTimelineBuilder>().BuildAsync(Id, null, CancellationToken.None);

        Assert.Equal(3, timeline.Record!.Severity);
        Assert.Empty(timeline.Discrepancies);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
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
