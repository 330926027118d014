namespace ChatNetOps.Conversation.Tests.Dialog;

using System.Text;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;

/// <summary><c>report [7d|30d]</c>: for roles granted report, per platform; refused (and audited) for everyone else.</summary>
public sealed class ReportTests
{
    private static readonly ConversationRef SlackGroup = new(ChatPlatform.Slack, "C0GENERAL01", ChannelKind.Group);
    private static readonly ConversationRef TeamsGroup = new(ChatPlatform.Teams, "19:general@thread.tacv2", ChannelKind.Group);

    [Fact]
    public async Task OnTheConsole_TheReportIsPrintedAsMarkdown()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("alice", "conf t");
        await h.SayAsync("alice", "clear-ospf-neighbor device=dist-sw-01 neighbor=198.51.100.7");
        h.Time.Advance(TimeSpan.FromMinutes(1));

        var answer = Assert.Single((await h.SayAsync("bob", "report 30d")).Messages);

        Assert.Null(answer.Card);
        Assert.Null(answer.File);
        Assert.StartsWith("# ChatNetOps report", answer.Text, StringComparison.Ordinal);
        Assert.Contains("chain verified", answer.Text, StringComparison.Ordinal);
        Assert.Contains("2026-10-24 09:01 to 2026-11-23 09:01 UTC", answer.Text, StringComparison.Ordinal);
        Assert.Contains("clear-ospf-neighbor", answer.Text, StringComparison.Ordinal); // the refused run, by runbook
        Assert.Contains("conf t", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InSlack_TheSummaryCardCarriesTheHtmlReportAsAFile()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("alice", "clear-ospf-neighbor device=dist-sw-01 neighbor=198.51.100.7");
        h.Time.Advance(TimeSpan.FromMinutes(1));

        var answer = Assert.Single((await h.SayAsync("U0BOB000002", "report", SlackGroup)).Messages);

        Assert.Equal(CardNames.ReportSummary, answer.CardName);
        Assert.False(answer.Ephemeral);
        var text = LifecycleHarness.Render(answer);
        Assert.Contains("Operations report: last 7 days", text, StringComparison.Ordinal);
        Assert.Contains("Refusals", text, StringComparison.Ordinal);
        Assert.Contains("clear-ospf-neighbor", text, StringComparison.Ordinal); // the refused run, by runbook
        Assert.Contains("attached as a file below", text, StringComparison.Ordinal);
        var file = Assert.IsType<OutboundFile>(answer.File);
        Assert.Equal("chatnetops-report-2026-11-23-7d.html", file.Name);
        Assert.Equal("text/html", file.ContentType);
        Assert.StartsWith("<!DOCTYPE html>", Encoding.UTF8.GetString(file.Content.Span), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task InTeams_TheSummaryCardSaysWhereTheFullReportIs_AndCarriesNoFile()
    {
        await using var h = LifecycleHarness.Create();

        var answer = Assert.Single((await h.SayAsync("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "report 30d", TeamsGroup)).Messages);

        Assert.Equal(CardNames.ReportSummary, answer.CardName);
        Assert.Null(answer.File);
        Assert.Contains("chatnetops report --since 30d --format html", LifecycleHarness.Render(answer), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice", "report", "(noc-engineer)")]
    [InlineData("erin", "report 30d", "(viewer)")]
    public async Task WithoutTheGrant_ReportIsRefused_AndTheRefusalIsAudited(string member, string line, string roles)
    {
        await using var h = LifecycleHarness.Create();

        var answer = Assert.Single((await h.SayAsync(member, line)).Messages);

        Assert.Equal(CardNames.Denied, answer.CardName);
        Assert.True(answer.Ephemeral);
        Assert.Contains($"None of your roles {roles} is granted the report action in Console conversations.", LifecycleHarness.Render(answer), StringComparison.Ordinal);
        var denial = Assert.Single(await h.DayEventsAsync(), e => e.Kind == AuditKind.Denied);
        Assert.Equal(("report", "NotGranted", member), (denial.Details["action"], denial.Details["reason"], denial.Actor.MemberId));
    }

    [Fact]
    public async Task AGrantForOtherChannelKinds_DoesNotReachThisOne()
    {
        // Bob's incident-commander grant of report covers direct, group and console conversations, not incident ones.
        await using var h = LifecycleHarness.Create();
        var incidentChannel = new ConversationRef(ChatPlatform.Slack, "C0INC1001", ChannelKind.Group);

        var answer = Assert.Single((await h.SayAsync("U0BOB000002", "report", incidentChannel)).Messages);

        Assert.Equal(CardNames.Denied, answer.CardName);
        Assert.Contains("in Incident conversations", LifecycleHarness.Render(answer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownUser_IsRefusedAsUnknown_AndAudited()
    {
        await using var h = LifecycleHarness.Create();

        var answer = Assert.Single((await h.SayAsync("mallory", "report")).Messages);

        Assert.Equal(CardNames.Denied, answer.CardName);
        Assert.Contains(await h.DayEventsAsync(), e => e.Kind == AuditKind.Denied && e.Details["action"] == "report" && e.Details["reason"] == "UnknownUser");
    }
}
