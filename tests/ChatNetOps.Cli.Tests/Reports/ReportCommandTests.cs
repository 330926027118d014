namespace ChatNetOps.Cli.Tests.Reports;

using System.Text.Json;
using ChatNetOps.Cli.Tests.Audit;
using ChatNetOps.Core.Reports;

public sealed class ReportCommandTests
{
    private static readonly string[] Window = ["--since", "2026-11-01", "--until", "2026-11-03"];

    [Fact]
    public async Task Markdown_StartsWithTheChainVerdict()
    {
        await using var trail = new ReportTrail();
        await KnownTrail.WriteAsync(trail.Scenario);

        var (exit, output, _) = await trail.RunCliAsync(["report", .. Window]);

        Assert.Equal(0, exit);
        var lines = output.Split('\n');
        Assert.StartsWith("**chain verified: 2 partitions,", lines[2], StringComparison.Ordinal);
        Assert.Contains("| NotGranted | set-vlan | noc-engineer | Incident | 2 |", output, StringComparison.Ordinal);
        Assert.Contains("| bounce-interface | change-approver+network-engineer | 2 | 0 | 1m 00s / 3m 00s |", output, StringComparison.Ordinal);
        Assert.Contains("| INC-42 | Core uplink flapping, sev 1,", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markdown_SaysNoDataForEveryKindTheTrailDoesNotRecord()
    {
        await using var trail = new ReportTrail();
        await KnownTrail.WriteAsync(trail.Scenario);

        var (_, output, _) = await trail.RunCliAsync(["report", .. Window]);

        var missing = ReportEventKinds.All.Count(k => ReportEventKinds.Find(k) is null);
        Assert.Equal(missing, output.Split('\n').Count(l => l.StartsWith("- No data: ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TamperedChain_ReportSaysSoAndExitsOne()
    {
        await using var trail = new ReportTrail();
        await KnownTrail.WriteAsync(trail.Scenario);
        await trail.TamperAsync($"UPDATE audit_events SET json = replace(json, '\"carol\"', '\"mallory\"') WHERE partition = '{KnownTrail.Incident}' AND json LIKE '%\"Approved\"%'");

        var (exit, output, error) = await trail.RunCliAsync(["report", .. Window]);

        Assert.Equal(1, exit);
        Assert.Contains("**CHAIN DOES NOT VERIFY: 1 of 2 partitions broken (INC-42 at sequence", output, StringComparison.Ordinal);
        Assert.Contains("altered", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_CarriesTheVerdictTheFiguresAndNullForNoData()
    {
        await using var trail = new ReportTrail();
        await KnownTrail.WriteAsync(trail.Scenario);

        var (exit, output, _) = await trail.RunCliAsync(["report", .. Window, "--format", "json"]);

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.True(root.GetProperty("chain").GetProperty("verified").GetBoolean());
        Assert.Equal(1, root.GetProperty("selfApprovalAttempts").GetInt64());
        var incident = root.GetProperty("incidents")[0];
        Assert.Equal("INC-42", incident.GetProperty("id").GetString());
        Assert.Equal(120_000, incident.GetProperty("toFirstReadOnlyMs").GetInt64());
        if (ReportEventKinds.Find(ReportEventKinds.IncidentExported) is null)
        {
            Assert.Equal(JsonValueKind.Null, incident.GetProperty("exported").ValueKind);
        }

        if (ReportEventKinds.Find(ReportEventKinds.RolledBack) is null)
        {
            Assert.All(root.GetProperty("runs").EnumerateArray(), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("rollbacks").ValueKind));
        }
    }

    [Fact]
    public async Task Csv_IsOneLongTableAndDefusesFormulas()
    {
        await using var trail = new ReportTrail();
        await KnownTrail.WriteAsync(trail.Scenario);

        var (exit, output, _) = await trail.RunCliAsync(["report", .. Window, "--format", "csv"]);

        Assert.Equal(0, exit);
        var lines = output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("section,dimension,metric,value", lines[0]);
        Assert.Contains("chain,-,verified,true", lines);
        Assert.Contains("lockRefusals,dist-sw-01,count,2", lines);
        Assert.Contains("notUnderstood,\"'=hyperlink(\"\"x\"\")\",count,1", lines);
    }

    [Fact]
    public async Task Html_WrittenToAFile_IsSelfContained()
    {
        await using var trail = new ReportTrail();
        await KnownTrail.WriteAsync(trail.Scenario);
        var path = Path.Combine(trail.Folder, "report.html");

        var (exit, output, _) = await trail.RunCliAsync(["report", .. Window, "--format", "html", "--out", path]);

        Assert.Equal(0, exit);
        Assert.Contains("html report written to", output, StringComparison.Ordinal);
        var html = await File.ReadAllTextAsync(path);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
        Assert.Contains("<svg viewBox=", html, StringComparison.Ordinal);
        foreach (var external in new[] { "http:", "https:", "src=", "href=", "url(", "@import", "<script" })
        {
            Assert.DoesNotContain(external, html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Html_EscapesWhatUsersTyped()
    {
        await using var trail = new ReportTrail();
        await trail.Scenario.DenyAsync(Testing.Audit.AuditScenario.Member("erin"), "InvalidCommand", text: "<img onerror=alert(1)>");

        var (_, output, _) = await trail.RunCliAsync(["report", .. Window, "--format", "html"]);

        Assert.DoesNotContain("<img", output, StringComparison.Ordinal);
        Assert.Contains("&lt;img onerror=alert(1)&gt;", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealIncident_ShowsItsApprovalAndIncident()
    {
        await using var recorded = await RecordedIncident.CreateAsync();

        var (exit, output, _) = await recorded.RunAsync("report", "--since", "1d", "--until", "2099-01-01");

        Assert.Equal(0, exit);
        Assert.Contains("| bounce-interface | change-approver+network-engineer | 1 | 0 |", output, StringComparison.Ordinal);
        Assert.Contains($"| {RecordedIncident.IncidentId} | Core uplink flapping, sev 1,", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format", "pdf", "unknown format 'pdf'")]
    [InlineData("--format", "1", "unknown format '1'")]
    [InlineData("--since", "yesterday", "--since 'yesterday'")]
    [InlineData("--until", "2000-01-01", "the window is empty")]
    public async Task BadOptions_AreUsageErrors(string option, string value, string expected)
    {
        await using var trail = new ReportTrail();
        await trail.Scenario.DenyAsync(Testing.Audit.AuditScenario.Member("erin"), "InvalidCommand", text: "x");

        var (exit, _, error) = await trail.RunCliAsync("report", option, value);

        Assert.Equal(2, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
