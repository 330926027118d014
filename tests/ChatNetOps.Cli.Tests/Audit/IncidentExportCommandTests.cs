namespace ChatNetOps.Cli.Tests.Audit;

using System.Text.Json;
using Microsoft.Extensions.Configuration;

public sealed class IncidentExportCommandTests
{
    [Fact]
    public async Task Markdown_ShowsWhoAskedWhoApprovedAndEachStep()
    {
        await using var recorded = await RecordedIncident.CreateAsync();

        var (exit, output, _) = await recorded.RunAsync("incident", "export", "inc-7", "--format", "md");

        Assert.Equal(0, exit);
        Assert.StartsWith("# INC-7 — Core uplink flapping", output, StringComparison.Ordinal);
        Assert.Contains($"| {recorded.RequestId} | bounce-interface | acc-sw-02 | Bob (bob) | Carol (carol) | Queued |", output, StringComparison.Ordinal);
        Assert.Contains("**Approved** by Carol (carol)", output, StringComparison.Ordinal);
        Assert.Contains("Audit chain: intact", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_CarriesRequestsEventsAndChainVerdict()
    {
        await using var recorded = await RecordedIncident.CreateAsync();

        var (exit, output, _) = await recorded.RunAsync("incident", "export", "INC-7", "--format", "json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.True(root.GetProperty("chain").GetProperty("intact").GetBoolean());
        var request = Assert.Single(root.GetProperty("requests").EnumerateArray());
        Assert.Equal("Carol (carol)", request.GetProperty("decision").GetProperty("by").GetString());
        var kinds = root.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()!).ToArray();
        Assert.Equal(["IncidentOpened", "Requested", "LockTaken", "ApprovalRequested", "Approved", "Queued"], kinds);
    }

    [Fact]
    public async Task AClosedIncident_CarriesItsResolution_InMarkdownAndJson()
    {
        await using var recorded = await RecordedIncident.CreateAsync(resolution: "replaced the flapping optic on Gi1/0/7");

        var (mdExit, md, _) = await recorded.RunAsync("incident", "export", "INC-7", "--format", "md");
        var (jsonExit, json, _) = await recorded.RunAsync("incident", "export", "INC-7", "--format", "json");

        Assert.Equal((0, 0), (mdExit, jsonExit));
        Assert.Contains("- Resolution: replaced the flapping optic on Gi1/0/7", md, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("replaced the flapping optic on Gi1/0/7", document.RootElement.GetProperty("resolution").GetString());
    }

    [Fact]
    public async Task AChangeMadeInAChangeWindow_IsNamedWithItsWindow_InMarkdownAndJson()
    {
        await using var recorded = await RecordedIncident.CreateAsync(changeWindow: "CHG-7");

        var (mdExit, md, _) = await recorded.RunAsync("incident", "export", "INC-7", "--format", "md");
        var (jsonExit, json, _) = await recorded.RunAsync("incident", "export", "INC-7", "--format", "json");

        Assert.Equal((0, 0), (mdExit, jsonExit));
        // Approved and queued, not yet run: only a request that ran says "ran".
        Assert.Contains($"- {recorded.RequestId} (bounce-interface) was requested in change window CHG-7 and has not run: approved per run, queued, not started", md, StringComparison.Ordinal);
        Assert.DoesNotContain("ran in change window", md, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        var request = Assert.Single(document.RootElement.GetProperty("requests").EnumerateArray());
        Assert.Equal("CHG-7", request.GetProperty("changeWindow").GetString());
        Assert.Equal("RunbookRun", request.GetProperty("decision").GetProperty("kind").GetString());
        Assert.False(request.GetProperty("ran").GetBoolean());
    }

    [Fact]
    public async Task AChangeRejectedInAChangeWindow_IsNotSaidToHaveRun_InMarkdownAndJson()
    {
        await using var recorded = await RecordedIncident.CreateAsync(changeWindow: "CHG-7", reject: true);

        var (mdExit, md, _) = await recorded.RunAsync("incident", "export", "INC-7", "--format", "md");
        var (jsonExit, json, _) = await recorded.RunAsync("incident", "export", "INC-7", "--format", "json");

        Assert.Equal((0, 0), (mdExit, jsonExit));
        Assert.Contains($"- {recorded.RequestId} (bounce-interface) was requested in change window CHG-7 and has not run: rejected by Carol (carol)", md, StringComparison.Ordinal);
        Assert.DoesNotContain("ran in change window", md, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        var request = Assert.Single(document.RootElement.GetProperty("requests").EnumerateArray());
        Assert.Equal(("Rejected", false), (request.GetProperty("status").GetString(), request.GetProperty("ran").GetBoolean()));
        Assert.Contains("has not run: rejected by Carol (carol)", request.GetProperty("changeWindowSummary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownIncident_ExitsOne()
    {
        await using var recorded = await RecordedIncident.CreateAsync();

        var (exit, _, error) = await recorded.RunAsync("incident", "export", "INC-999");

        Assert.Equal(1, exit);
        Assert.Contains("nothing is recorded for INC-999", error, StringComparison.Ordinal);
        Assert.Contains($"in SQLite {recorded.DatabasePath}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_NamesTheDatabaseTheCliReads_AnAbsolutePathNotUnderTheCurrentDirectory()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await CliApp.RunAsync(["--help"], stdout, stderr, CancellationToken.None);

        Assert.Equal(0, exit);
        var expected = ChatNetOps.Storage.Sqlite.SqliteDefaults.DatabasePath;
        Assert.Contains($"database: {expected} unless --db PATH", stdout.ToString(), StringComparison.Ordinal);
        Assert.True(Path.IsPathRooted(expected));
        Assert.False(expected.StartsWith(Path.Combine(Directory.GetCurrentDirectory(), "data"), StringComparison.Ordinal));
    }

    [Fact]
    public void TheBotTheWorkerAndTheCli_DefaultToTheSameDatabase_WhateverTheDirectory()
    {
        // The hosts' default comes from SqliteStorageOptions unless their appsettings.json overrides it (they must not).
        Assert.Equal(ChatNetOps.Storage.Sqlite.SqliteDefaults.DatabasePath, new ChatNetOps.Storage.Sqlite.SqliteStorageOptions().Path);
        Assert.Equal(ChatNetOps.Storage.Sqlite.SqliteDefaults.DatabasePath, Hosting.CliServices.DefaultDatabaseFrom(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()));
        foreach (var host in new[] { "ChatNetOps.Bot", "ChatNetOps.Worker" })
        {
            var settings = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(ChatNetOps.Core.Inventory.InventoryPaths.Resolve("src"), host, "appsettings.json")))!;
            Assert.Equal("Sqlite", settings["Storage"]?["Provider"]?.GetValue<string>());
            Assert.Null(settings["Storage"]?["Sqlite"]?["Path"]);
        }

        // Storage__Sqlite__Path moves it for the hosts and the CLI alike.
        var moved = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Sqlite:Path"] = "/srv/chatnetops/bot.db" }).Build();
        Assert.Equal("/srv/chatnetops/bot.db", Hosting.CliServices.DefaultDatabaseFrom(moved));
    }

    [Fact]
    public async Task UnknownFormat_IsAUsageError()
    {
        await using var recorded = await RecordedIncident.CreateAsync();

        var (exit, _, error) = await recorded.RunAsync("incident", "export", "INC-7", "--format", "pdf");

        Assert.Equal(2, exit);
        Assert.Contains("unknown format 'pdf'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anchored_VerdictSaysAnchoredUpToTheLastEvent()
    {
        await using var recorded = await RecordedIncident.CreateAsync(anchor: true);

        var (exit, output, _) = await recorded.RunAsync("incident", "export", RecordedIncident.IncidentId);

        Assert.Equal(0, exit);
        Assert.Contains("- Audit chain: intact and anchored up to event 6", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgedApproverInTheRequestsRow_IsNotShown_AndIsNamedAsDisagreeing()
    {
        await using var recorded = await RecordedIncident.CreateAsync(anchor: true);
        // Someone with write access to the database changes who approved the change in the mutable row.
        await recorded.ExecuteSqlAsync($"UPDATE requests SET json = replace(json, '\"carol\"', '\"mallory\"') WHERE id = '{recorded.RequestId}'");

        var (exit, output, error) = await recorded.RunAsync("incident", "export", RecordedIncident.IncidentId);

        Assert.Equal(1, exit);
        Assert.Contains($"| {recorded.RequestId} | bounce-interface | acc-sw-02 | Bob (bob) | Carol (carol) | Queued |", output, StringComparison.Ordinal);
        Assert.Contains($"- DISAGREES: requests {recorded.RequestId}: approved by: the store says 'Carol (mallory)'; the chain records 'Carol (carol)'", output, StringComparison.Ordinal);
        Assert.Contains("1 stored row value(s) disagree with the chain", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_ForgedRow_CarriesTheDiscrepancy()
    {
        await using var recorded = await RecordedIncident.CreateAsync(anchor: true);
        await recorded.ExecuteSqlAsync($"UPDATE requests SET json = replace(json, '\"carol\"', '\"mallory\"') WHERE id = '{recorded.RequestId}'");

        var (exit, output, _) = await recorded.RunAsync("incident", "export", RecordedIncident.IncidentId, "--format", "json");

        Assert.Equal(1, exit);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var discrepancy = Assert.Single(json.RootElement.GetProperty("discrepancies").EnumerateArray());
        Assert.Equal("approved by", discrepancy.GetProperty("field").GetString());
        Assert.Equal("Carol (carol)", json.RootElement.GetProperty("requests")[0].GetProperty("decision").GetProperty("by").GetString());
    }
}
