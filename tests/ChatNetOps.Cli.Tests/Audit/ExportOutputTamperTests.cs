namespace ChatNetOps.Cli.Tests.Audit;

using System.Text.Json;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Issue 15: <c>incident export</c> joins the stored outputs to the chain by hash. A stored output whose hash was changed
/// in the database (the outputs table is a plain row anyone with write access can edit) is marked in md and json, and the
/// export exits 1, while the chain's own hash is what the record shows.
/// </summary>
public sealed class ExportOutputTamperTests
{
    private const string Forged = "0000000000000000000000000000000000000000000000000000000000000000";

    [Fact]
    public async Task AStoredOutputWhoseHashDisagreesWithTheChain_IsMarked_InMdAndJson()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        var run = (await h.SayAsync("bob", "verify-ospf device=dist-sw-01")).Messages[0].RequestId!;
        Assert.Equal(RequestStatus.Succeeded, (await h.RunNextJobAsync()).Status);
        var chainHash = Assert.Single(await h.Outputs.GetAsync(run, CancellationToken.None)).RawSha256;
        var database = h.Services.GetRequiredService<IConfiguration>()["Storage:Sqlite:Path"]!;

        var (cleanExit, clean, _) = await ExportAsync(database, "md");
        Assert.Equal(0, cleanExit);
        Assert.Contains($"| {run} | dist-sw-01 | `{chainHash}` | matches", clean, StringComparison.Ordinal);

        // Someone with write access to the database replaces the stored output's hash (and could replace its text with it).
        await ExecuteSqlAsync(database, $"UPDATE outputs SET json = json_set(json, '$.rawSha256', '{Forged}') WHERE request_id = '{run}'");

        var (mdExit, md, mdErrors) = await ExportAsync(database, "md");
        var (jsonExit, json, _) = await ExportAsync(database, "json");

        Assert.Equal((1, 1), (mdExit, jsonExit));
        Assert.Contains($"| {run} | dist-sw-01 | `{chainHash}` | DOES NOT MATCH: the store claims {Forged}, the chain recorded {chainHash} |", md, StringComparison.Ordinal);
        Assert.Contains("INC-4242", mdErrors, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        var output = Assert.Single(document.RootElement.GetProperty("outputs").EnumerateArray());
        Assert.Equal((run, "dist-sw-01"), (output.GetProperty("request").GetString(), output.GetProperty("device").GetString()));
        Assert.Equal((chainHash, Forged), (output.GetProperty("chainSha256").GetString(), output.GetProperty("storedSha256").GetString()));
        Assert.False(output.GetProperty("matches").GetBoolean());
        Assert.StartsWith("DOES NOT MATCH", output.GetProperty("verdict").GetString(), StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Out, string Err)> ExportAsync(string database, string format)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(
            ["incident", "export", "INC-4242", "--format", format, "--db", database, "--inventory", ChatNetOps.Core.Inventory.InventoryPaths.Resolve("inventory")],
            stdout,
            stderr,
            CancellationToken.None);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static async Task ExecuteSqlAsync(string database, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
