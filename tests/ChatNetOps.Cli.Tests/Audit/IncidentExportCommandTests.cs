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
}
