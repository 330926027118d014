namespace ChatNetOps.Cli.Tests.ChangeRecords;

using ChatNetOps.Azure;
using ChatNetOps.Cli.Commands;
using ChatNetOps.Core;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Testing;
using ChatNetOps.Testing.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// <c>chatnetops changes pending|dead|retry</c> on the Azure topology's store: Cosmos DB (the project's Cosmos protocol
/// test server), selected as the hosts select it (<c>Storage__Provider=Cosmos</c>, <c>Cosmos__*</c>).
/// </summary>
public sealed class ChangesCommandCosmosTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly string _work = Path.Combine(Path.GetTempPath(), "chatnetops-cli-cosmos-" + Guid.NewGuid().ToString("N")[..12]);
    private CosmosProtocolServer _server = null!;
    private Dictionary<string, string?> _environment = null!;

    public async Task InitializeAsync()
    {
        _server = await CosmosProtocolServer.StartAsync(_work);
        _environment = new Dictionary<string, string?>
        {
            ["Storage__Provider"] = "Cosmos",
            ["Cosmos__Endpoint"] = _server.Endpoint.ToString(),
            ["Cosmos__Key"] = CosmosProtocolServer.Key,
            ["Cosmos__Database"] = "cli" + Guid.NewGuid().ToString("N")[..10],
            ["Cosmos__ConnectionMode"] = "Gateway",
            ["Cosmos__AcceptAnyServerCertificate"] = "true",
        };
    }

    public Task DisposeAsync()
    {
        _server.Dispose();
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task PendingDeadRetry_ReadAndChangeTheCosmosOutbox()
    {
        var opened = TestData.AuditEvent("INC-9", kind: AuditKind.IncidentOpened);
        var approved = TestData.AuditEvent("INC-9", opened, kind: AuditKind.Approved);
        await using (var services = Cosmos())
        {
            var store = services.GetRequiredService<IChangeRecordStore>();
            await store.TryEnqueueAsync(new OutboxEntry("Jira", opened, TestData.Epoch) { State = OutboxState.Dead, Attempts = 3, LastError = "Jira answered 403 Forbidden to the issue create" }, Ct);
            await store.TryEnqueueAsync(new OutboxEntry("Jira", approved, TestData.Epoch), Ct);
        }

        var (pendingExit, pending, _) = await RunAsync("pending");
        var (deadExit, dead, _) = await RunAsync("dead");
        var (retryExit, retried, _) = await RunAsync("retry", "Jira|INC-9:0000000001");
        var (_, deadAfter, _) = await RunAsync("dead");
        var (_, pendingAfter, _) = await RunAsync("pending");

        Assert.Equal((0, 0, 0), (pendingExit, deadExit, retryExit));
        Assert.Contains("Jira|INC-9:0000000002  Approved  attempts 0", pending, StringComparison.Ordinal);
        Assert.Contains($"changes pending: 1 event(s) in Cosmos DB {_server.Endpoint}", pending, StringComparison.Ordinal);
        Assert.Contains("Jira|INC-9:0000000001  IncidentOpened  attempts 3  dead since", dead, StringComparison.Ordinal);
        Assert.Contains("403 Forbidden", dead, StringComparison.Ordinal);
        Assert.Contains("1 event(s) back in the queue", retried, StringComparison.Ordinal);
        Assert.Contains("changes dead: 0 event(s)", deadAfter, StringComparison.Ordinal);
        Assert.Contains("changes pending: 2 event(s)", pendingAfter, StringComparison.Ordinal);
        await using (var services = Cosmos())
        {
            var back = await services.GetRequiredService<IChangeRecordStore>().GetAsync("Jira", "INC-9", 1, Ct);
            Assert.Equal((OutboxState.Pending, 0), (back!.State, back.Attempts));
        }
    }

    [Fact]
    public async Task AnUnknownStorageProvider_IsAUsageError()
    {
        _environment["Storage__Provider"] = "Postgres";

        var (exit, _, errors) = await RunAsync("pending");

        Assert.Equal(2, exit);
        Assert.Contains("Storage__Provider 'Postgres' is not supported; use Sqlite or Cosmos", errors, StringComparison.Ordinal);
    }

    private ServiceProvider Cosmos() => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(_environment.Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value))).Build())
        .AddLogging()
        .AddChatNetOpsCore()
        .AddChatNetOpsCosmosStorage()
        .BuildServiceProvider();

    private async Task<(int Exit, string Output, string Errors)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var command = new ChangesCommand(_environment);
        int exit;
        try
        {
            exit = await command.RunAsync(CliArguments.Parse(args), stdout, stderr, Ct);
        }
        catch (CliUsageException e)
        {
            stderr.WriteLine(e.Message);
            exit = 2;
        }

        return (exit, stdout.ToString(), stderr.ToString());
    }
}
