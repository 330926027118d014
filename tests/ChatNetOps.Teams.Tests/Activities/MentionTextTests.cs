namespace ChatNetOps.Teams.Tests.Activities;

using ChatNetOps.Teams.Activities;

public sealed class MentionTextTests
{
    [Fact]
    public void BotMention_IsStripped_OtherMentionsStay()
    {
        var activity = new TeamsActivity
        {
            Text = "<at>ChatNetOps</at> approve R-1 for <at>Sam</at>",
            Recipient = new ChannelAccount("28:bot"),
            Entities =
            [
                new Entity("mention") { Mentioned = new ChannelAccount("28:bot"), Text = "<at>ChatNetOps</at>" },
                new Entity("mention") { Mentioned = new ChannelAccount("29:sam"), Text = "<at>Sam</at>" },
                new Entity("clientInfo"),
            ],
        };

        Assert.Equal("approve R-1 for <at>Sam</at>", MentionText.Clean(activity));
    }

    [Fact]
    public void HtmlEntitiesAndNonBreakingSpaces_BecomePlainText()
    {
        var activity = new TeamsActivity { Text = "incident&nbsp;open INC-1 &quot;core down&quot;\n" };
        Assert.Equal("incident open INC-1 \"core down\"", MentionText.Clean(activity));
    }
}
