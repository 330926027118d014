namespace ChatNetOps.Cli.Tests.ChangeRecords;

using System.Text.Json.Nodes;
using ChatNetOps.Cli.Tests.Audit;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Storage.Sqlite;
using ChatNetOps.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary><c>chatnetops changes pending|dead|retry</c> and the ticket line of <c>incident export</c>, over a real SQLite file.</summary>
public sealed class ChangesCommandTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly string _directory = Directory.CreateTempSubdirectory("chatnetops-cli-changes-").FullName;

    private string Database => Path.Combine(_directory, "chatnetops.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task PendingDeadRetry_ListTheOutbox_AndRetryPutsTheDeadEventBack()
    {
        var opened = TestData.AuditEvent("INC-9", kind: AuditKind.IncidentOpened);
        var approved = TestData.AuditEvent("INC-9", opened, kind: AuditKind.Approved);
        await using (var services = Sqlite(Database))
        {
            var store = services.GetRequiredService<IChangeRecordStore>();
            await store.TryEnqueueAsync(new OutboxEntry("ServiceNow", opened, TestData.Epoch) { State = OutboxState.Dead, Attempts = 1, LastError = "ServiceNow answered 403 Forbidden to the change create" }, Ct);
            await store.TryEnqueueAsync(new OutboxEntry("ServiceNow", approved, TestData.Epoch), Ct);
        }

        var (pendingExit, pending, _) = await RunAsync("changes", "pending", "--db", Database);
        var (deadExit, dead, _) = await RunAsync("changes", "dead", "--db", Database);
        var (retryExit, retried, _) = await RunAsync("changes", "retry", "ServiceNow|INC-9:0000000001", "--db", Database);
        var (_, deadAfter, _) = await RunAsync("changes", "dead", "--db", Database);
        var (missingExit, _, missing) = await RunAsync("changes", "retry", "ServiceNow|INC-9:0000000001", "--db", Database);

        Assert.Equal((0, 0, 0, 1), (pendingExit, deadExit, retryExit, missingExit));
        Assert.Contains("ServiceNow|INC-9:0000000002  Approved  attempts 0", pending, StringComparison.Ordinal);
        Assert.Contains("changes pending: 1 event(s)", pending, StringComparison.Ordinal);
        Assert.Contains("ServiceNow|INC-9:0000000001  IncidentOpened  attempts 1  dead since", dead, StringComparison.Ordinal);
        Assert.Contains("403 Forbidden", dead, StringComparison.Ordinal);
        Assert.Contains("1 event(s) back in the queue", retried, StringComparison.Ordinal);
        Assert.Contains("changes dead: 0 event(s)", deadAfter, StringComparison.Ordinal);
        Assert.Contains("no dead event", missing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_MalformedId_IsAUsageError()
    {
        await using (var services = Sqlite(Database))
        {
            Assert.Empty(await services.GetRequiredService<IChangeRecordStore>().ListAsync(OutboxState.Dead, 1, Ct));
        }

        var (exit, _, errors) = await RunAsync("changes", "retry", "INC-9", "--db", Database);

        Assert.Equal(2, exit);
        Assert.Contains("is not an outbox id", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IncidentExport_CarriesTheTicket_InMdAndJson()
    {
        await using var recorded = await RecordedIncident.CreateAsync();
        await using (var services = Sqlite(recorded.DatabasePath))
        {
            var link = new ChangeRecordLink("ServiceNow", RecordedIncident.IncidentId, ChangeRecordLinkState.Created, TestData.Epoch)
            {
                Ticket = new TicketRef("9d385017c611228701d22104cc95c371", "CHG0031234", new Uri("https://example.service-now.com/change_request.do?sys_id=9d385017c611228701d22104cc95c371")),
            };
            await services.GetRequiredService<IChangeRecordStore>().TrySaveLinkAsync(link, null, Ct);
        }

        var (_, md, _) = await recorded.RunAsync("incident", "export", RecordedIncident.IncidentId, "--format", "md");
        var (_, json, _) = await recorded.RunAsync("incident", "export", RecordedIncident.IncidentId, "--format", "json");

        Assert.Contains("Ticket: ServiceNow CHG0031234 https://example.service-now.com/change_request.do?sys_id=9d385017c611228701d22104cc95c371", md, StringComparison.Ordinal);
        Assert.StartsWith("ServiceNow CHG0031234", JsonNode.Parse(json)!["ticket"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static ServiceProvider Sqlite(string database) => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Sqlite:Path"] = database }).Build())
        .AddLogging()
        .AddChatNetOpsSqliteStorage()
        .BuildServiceProvider();

    private static async Task<(int Exit, string Output, string Errors)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, Ct);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
