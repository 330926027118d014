namespace ChatNetOps.Cli.Tests.Audit;

using System.Text.Json;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Issue 15: <c>incident export</c> joins the stored outputs to the chain by hash. A stored output whose hash was changed
/// in the database (the outputs table is a plain row anyone with write access can edit) is marked in md and json, and the
/// export exits 1, while the chain's own hash is what the record shows. The chain also records the hash of exactly the
/// stored (redacted, maybe cut) text, so an edit to the text alone is marked the same way.
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

    [Fact]
    public async Task AStoredOutputWhoseTextAloneWasEdited_IsMarked_InMdAndJson()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        var run = (await h.SayAsync("bob", "verify-ospf device=dist-sw-01")).Messages[0].RequestId!;
        Assert.Equal(RequestStatus.Succeeded, (await h.RunNextJobAsync()).Status);
        var stored = Assert.Single(await h.Outputs.GetAsync(run, CancellationToken.None));
        var textHash = Sha256(stored.Text);
        var database = h.Services.GetRequiredService<IConfiguration>()["Storage:Sqlite:Path"]!;

        var (cleanExit, clean, _) = await ExportAsync(database, "md");
        var (cleanJsonExit, cleanJson, _) = await ExportAsync(database, "json");
        Assert.Equal((0, 0), (cleanExit, cleanJsonExit));
        Assert.Contains($"| {run} | dist-sw-01 | `{stored.RawSha256}` | matches", clean, StringComparison.Ordinal);
        using (var document = JsonDocument.Parse(cleanJson))
        {
            var output = Assert.Single(document.RootElement.GetProperty("outputs").EnumerateArray());
            Assert.True(output.GetProperty("matches").GetBoolean());
            Assert.True(output.GetProperty("textMatches").GetBoolean());
            Assert.Equal((textHash, textHash), (output.GetProperty("chainTextSha256").GetString(), output.GetProperty("storedTextSha256").GetString()));
        }

        // Someone with write access to the database rewrites the stored text and leaves its hash alone.
        const string Edited = "Neighbor ID     Pri   State           Dead Time   Address         Interface\n(nothing to see here)\n";
        await ExecuteSqlAsync(database, $"UPDATE outputs SET json = json_set(json, '$.text', '{Edited.Replace("\n", "' || char(10) || '", StringComparison.Ordinal)}') WHERE request_id = '{run}'");
        var edited = Assert.Single(await h.Outputs.GetAsync(run, CancellationToken.None));
        Assert.Equal((Edited, stored.RawSha256), (edited.Text, edited.RawSha256));
        var editedHash = Sha256(Edited);

        var (mdExit, md, mdErrors) = await ExportAsync(database, "md");
        var (jsonExit, json, jsonErrors) = await ExportAsync(database, "json");

        Assert.Equal((1, 1), (mdExit, jsonExit));
        Assert.Contains($"| {run} | dist-sw-01 | `{stored.RawSha256}` | DOES NOT MATCH: the stored text hashes to {editedHash}, the chain recorded {textHash} for it |", md, StringComparison.Ordinal);
        Assert.DoesNotContain("redacted", md, StringComparison.Ordinal);
        Assert.Contains("INC-4242", mdErrors, StringComparison.Ordinal);
        Assert.Contains("1 stored output(s) do not match the chain", jsonErrors, StringComparison.Ordinal);
        using var tampered = JsonDocument.Parse(json);
        Assert.False(tampered.RootElement.GetProperty("consistent").GetBoolean());
        var check = Assert.Single(tampered.RootElement.GetProperty("outputs").EnumerateArray());
        Assert.Equal((stored.RawSha256, stored.RawSha256), (check.GetProperty("chainSha256").GetString(), check.GetProperty("storedSha256").GetString()));
        Assert.False(check.GetProperty("matches").GetBoolean());
        Assert.False(check.GetProperty("textMatches").GetBoolean());
        Assert.Equal((textHash, editedHash), (check.GetProperty("chainTextSha256").GetString(), check.GetProperty("storedTextSha256").GetString()));
        Assert.StartsWith("DOES NOT MATCH: the stored text hashes to", check.GetProperty("verdict").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnOutputRecordedBeforeTextHashes_CannotBeChecked_AndIsNotCalledRedacted()
    {
        const string Raw = "1111111111111111111111111111111111111111111111111111111111111111";
        var old = new ChatNetOps.Core.Incidents.OutputCheck("req-1", "dist-sw-01", Raw, Raw) { StoredTextSha256 = Sha256("edited") };

        Assert.True(old.Matches);
        Assert.Null(old.TextMatches);
        Assert.Equal("matches; stored before text hashes were recorded; the stored text cannot be checked", old.Verdict);
    }

    private static string Sha256(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

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
