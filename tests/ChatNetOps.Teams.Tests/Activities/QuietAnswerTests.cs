namespace ChatNetOps.Teams.Tests.Activities;

using System.Net;
using ChatNetOps.Teams.Tests.Auth;
using ChatNetOps.Teams.Tests.Infrastructure;

/// <summary>Issue 16 on Teams: a typo or a raw CLI line is a short text reply in the thread, not a red card.</summary>
public sealed class QuietAnswerTests(AuthFixture fixture) : IClassFixture<AuthFixture>
{
    [Theory]
    [InlineData("stauts R-12345678", "unknown command 'stauts'; did you mean status?")]
    [InlineData("run show run", "raw commands are not accepted here; no runbook answers 'show run'.")]
    public async Task UsageError_IsAShortTextReply_WithoutACard(string line, string expected)
    {
        var connector = fixture.Connector;
        var thread = "8" + Random.Shared.Next(100000, 999999);
        var message = Activities.ChannelMessage(connector.ServiceUrl, line, Activities.Pat, thread);

        Assert.Equal(HttpStatusCode.OK, (await fixture.Bot.PostSignedAsync(message, fixture.TeamsKey, connector.ServiceUrl)).StatusCode);

        var threadPath = $"v3/conversations/{Activities.ChannelId};messageid={thread}/activities";
        var reply = await connector.WaitForAsync(c => c.Method == "POST" && c.Path.EndsWith(threadPath, StringComparison.Ordinal));
        var text = reply.Body!["text"]!.GetValue<string>();
        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text, StringComparison.Ordinal);
        Assert.Null(reply.Card);
        Assert.True(reply.Body["attachments"] is null || reply.Body["attachments"]!.AsArray().Count == 0);
    }
}
