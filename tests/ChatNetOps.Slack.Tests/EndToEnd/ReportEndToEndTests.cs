namespace ChatNetOps.Slack.Tests.EndToEnd;

using System.Text;
using System.Text.Json.Nodes;
using ChatNetOps.Core.Audit;
using ChatNetOps.Slack.Tests.Fakes;
using ChatNetOps.Testing.Logging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static ChatNetOps.Slack.Tests.EndToEnd.SlackHost;

/// <summary>
/// <c>/netops report</c> through the real bot host: the summary card in the channel, the html report shared under it with
/// Slack's upload flow (files.getUploadURLExternal, the bytes to the upload URL, files.completeUploadExternal), and an
/// audited refusal for a member whose roles are not granted report.
/// </summary>
public sealed class ReportEndToEndTests
{
    private const string GroupChannel = "C0GENERAL01";
    private const string OpsChannel = "C0OPS00001";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    // Log EventIds: ChatNetOps.Conversation's digest sent / failed, ChatNetOps.Slack's file not shared.
    private const int DigestSent = 3998;
    private const int DigestFailed = 3999;
    private const int FileShareFailed = 5198;

    private static readonly Action<Dictionary<string, string?>> Digest = settings => settings["Reports:Digest:Conversation"] = "slack:" + OpsChannel;

    [Fact]
    public async Task Report_PostsTheSummaryCard_AndSharesTheHtmlReportUnderIt()
    {
        await using var host = await StartAsync();
        // Something for the report to count: a refused run (a state-changing runbook outside an incident channel).
        await host.CommandAsync(Bob, GroupChannel, "clear-ospf-neighbor device=dist-sw-01 neighbor=198.51.100.7");
        await host.Slack.WaitForAsync(c => IsAnswer(c) && c.RawBody.Contains("clear-ospf-neighbor", StringComparison.Ordinal), Wait, "the refusal of clear-ospf-neighbor");

        await host.CommandAsync(Bob, GroupChannel, "report 30d");

        var card = await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.StartsWith("Operations report, last 30 days", StringComparison.Ordinal), Wait);
        Assert.Equal(GroupChannel, card.Str("channel"));
        Assert.Contains("chain verified", card.Str("text"), StringComparison.Ordinal);
        Assert.Contains("clear-ospf-neighbor", card.RawBody, StringComparison.Ordinal);
        var completed = await host.Slack.WaitForAsync("files.completeUploadExternal", timeout: Wait);
        var asked = Assert.Single(host.Slack.CallsTo("files.getUploadURLExternal"));
        var upload = Assert.Single(host.Slack.CallsTo("file_upload"));
        Assert.True(card.Sequence < asked.Sequence && asked.Sequence < upload.Sequence && upload.Sequence < completed.Sequence);
        Assert.Null(upload.Authorization); // the upload URL is the credential; the bot token never goes there
        var shared = Assert.Single(host.Slack.SharedFiles);
        Assert.Equal(GroupChannel, shared.Channel);
        Assert.Matches(@"^chatnetops-report-\d{4}-\d{2}-\d{2}-30d\.html$", shared.Name);
        Assert.Equal(shared.Name, asked.Str("filename"));
        Assert.Equal(shared.Content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), asked.Str("length"));
        var html = Encoding.UTF8.GetString(shared.Content);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
        Assert.Empty(host.Slack.Violations);

        var payloads = new List<(string, string, JsonNode)> { ("report card", "message", new JsonObject { ["text"] = card.Json!["text"]?.DeepClone(), ["blocks"] = card.Json["blocks"]?.DeepClone() }) };
        Assert.Empty(await SlackTypesChecker.CheckAsync(payloads));
    }

    [Fact]
    public async Task Report_WithoutTheGrant_IsRefusedToTheAskerOnly_AndAudited()
    {
        await using var host = await StartAsync();

        // Alice (noc-engineer) holds no report grant; Bob (incident-commander) holds one, but not for incident channels.
        await host.CommandAsync(Alice, GroupChannel, "report");
        await host.CommandAsync(Bob, IncidentChannel, "report 7d");

        // A refusal is audited before it is answered: once both answers are out, both denials are in the trail.
        await host.Slack.WaitForAsync(c => IsAnswer(c) && c.RawBody.Contains("(noc-engineer) is granted the report action in Group conversations", StringComparison.Ordinal), Wait, "Alice's refusal");
        await host.Slack.WaitForAsync(c => IsAnswer(c) && c.RawBody.Contains("is granted the report action in Incident conversations", StringComparison.Ordinal), Wait, "Bob's refusal");
        var denials = (await host.Factory.AuditAsync()).Where(e => e.Kind == AuditKind.Denied && e.Details.GetValueOrDefault("action") == "report").ToList();
        Assert.All(denials, d => Assert.Equal("NotGranted", d.Details["reason"]));
        Assert.Equal([Alice, Bob], denials.Select(d => d.Actor.UserId).Order(StringComparer.Ordinal));
        Assert.Contains(denials, d => d.Details["channelKind"] == "Incident");
        Assert.DoesNotContain(host.Slack.CallsTo("chat.postMessage"), c => c.Str("text")!.StartsWith("Operations report", StringComparison.Ordinal));
        Assert.Empty(host.Slack.CallsTo("files.getUploadURLExternal"));
    }

    [Fact]
    public async Task AFailedUpload_LeavesTheSummary_AndTellsTheAskerTheFileIsMissing()
    {
        await using var host = await StartAsync();
        host.Slack.ScriptError("files.completeUploadExternal", "not_in_channel");

        await host.CommandAsync(Bob, GroupChannel, "report");

        await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.StartsWith("Operations report, last 7 days", StringComparison.Ordinal), Wait);
        var notice = await host.Slack.WaitForAsync(c => IsAnswer(c) && c.RawBody.Contains("could not attach", StringComparison.Ordinal), Wait, "the notice");
        Assert.Contains("not_in_channel", notice.RawBody, StringComparison.Ordinal);
        Assert.Empty(host.Slack.SharedFiles);
    }

    [Fact]
    public async Task AnUploadUrlOffSlack_IsNotPostedTo()
    {
        await using var host = await StartAsync();
        // An answer that sends the bytes elsewhere (a compromised proxy, a bug): the bot refuses the host.
        host.Slack.Script("files.getUploadURLExternal", http => http.Response.WriteAsJsonAsync(new JsonObject
        {
            ["ok"] = true,
            ["upload_url"] = "https://files.example.net/upload/v1/abc",
            ["file_id"] = "F0EVIL0001",
        }));

        await host.CommandAsync(Bob, GroupChannel, "report");

        var notice = await host.Slack.WaitForAsync(c => IsAnswer(c) && c.RawBody.Contains("could not attach", StringComparison.Ordinal), Wait, "the notice");
        Assert.Contains("invalid_upload_url", notice.RawBody, StringComparison.Ordinal);
        Assert.Empty(host.Slack.CallsTo("file_upload"));
        Assert.Empty(host.Slack.CallsTo("files.completeUploadExternal"));
    }

    [Fact]
    public async Task WeeklyDigest_PostsTheSummaryInTheConfiguredChannel_AndSharesTheHtmlReportThere()
    {
        var logs = new LogEventSignals();
        await using var host = await StartAsync(Digest, factory => factory.TestServices.Add(s => s.AddSingleton<ILoggerProvider>(logs)));

        // The host sends the week's digest at start (the latest due time has passed and nobody claimed it yet).
        var card = await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.StartsWith("Operations report, last 7 days", StringComparison.Ordinal), Wait);
        Assert.Equal(OpsChannel, card.Str("channel"));
        Assert.Contains("chain verified", card.Str("text"), StringComparison.Ordinal);
        var completed = await host.Slack.WaitForAsync("files.completeUploadExternal", timeout: Wait);
        Assert.Equal(OpsChannel, completed.Str("channel_id"));
        var asked = Assert.Single(host.Slack.CallsTo("files.getUploadURLExternal"));
        Assert.True(card.Sequence < asked.Sequence && asked.Sequence < completed.Sequence);
        var shared = Assert.Single(host.Slack.SharedFiles);
        Assert.Equal(OpsChannel, shared.Channel);
        Assert.Null(shared.ThreadTs);
        Assert.Matches(@"^chatnetops-report-\d{4}-\d{2}-\d{2}-7d\.html$", shared.Name);
        Assert.StartsWith("<!DOCTYPE html>", Encoding.UTF8.GetString(shared.Content), StringComparison.OrdinalIgnoreCase);
        await logs.WaitForAsync(DigestSent, OpsChannel, Wait);
        Assert.Single(host.Slack.CallsTo("chat.postMessage"));
        Assert.Empty(host.Slack.Violations);
    }

    [Fact]
    public async Task WeeklyDigest_WhenSlackRefusesTheFile_TheSummaryStands_WithANoteUnderIt_AndTheWeekCountsAsSent()
    {
        var logs = new LogEventSignals();
        await using var host = await StartAsync(Digest, factory =>
        {
            factory.Slack.ScriptError("files.completeUploadExternal", "not_in_channel");
            factory.TestServices.Add(s => s.AddSingleton<ILoggerProvider>(logs));
        });

        var card = await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.StartsWith("Operations report, last 7 days", StringComparison.Ordinal), Wait);
        var note = await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.StartsWith("I could not attach", StringComparison.Ordinal), Wait);
        Assert.Equal(OpsChannel, note.Str("channel"));
        Assert.Matches(@"^I could not attach chatnetops-report-\S+-7d\.html \(not_in_channel\); the summary above stands\.", note.Str("text"));
        Assert.True(card.Sequence < note.Sequence);
        Assert.Empty(host.Slack.SharedFiles);

        // The summary went out, so the week is sent (claimed before anything was sent, never repeated); the refusal is logged.
        await logs.WaitForAsync(DigestSent, OpsChannel, Wait);
        Assert.Contains(logs.Lines, l => l.EventId == FileShareFailed && l.Text.Contains("not_in_channel", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.EventId == DigestFailed);
        Assert.Equal(2, host.Slack.CallsTo("chat.postMessage").Count);
        Assert.Empty(host.Slack.Violations);
    }

    /// <summary>An answer for the asker alone.</summary>
    private static bool IsAnswer(SlackCall call) => call.Method is "response_url" or "chat.postEphemeral";
}
