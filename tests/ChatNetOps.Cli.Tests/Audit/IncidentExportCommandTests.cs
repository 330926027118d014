namespace ChatNetOps.Cli.Tests.Audit;

using System.Text.Json;

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
        Assert.Contains($"- {recorded.RequestId} (bounce-interface) ran in change window CHG-7: approved per run", md, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        var request = Assert.Single(document.RootElement.GetProperty("requests").EnumerateArray());
        Assert.Equal("CHG-7", request.GetProperty("changeWindow").GetString());
        Assert.Equal("RunbookRun", request.GetProperty("decision").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task UnknownIncident_ExitsOne()
    {
        await using var recorded = await RecordedIncident.CreateAsync();

        var (exit, _, error) = await recorded.RunAsync("incident", "export", "INC-999");

        Assert.Equal(1, exit);
        Assert.Contains("nothing is recorded for INC-999", error, StringComparison.Ordinal);
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
