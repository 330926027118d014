namespace ChatNetOps.Teams.Tests.Activities;

using ChatNetOps.Core.Policy;
using ChatNetOps.Teams.Activities;

public sealed class TeamsConversationTests
{
    [Fact]
    public void ChannelThreadId_IsNormalisedToTheChannelForPolicy_AndKeptForReplies()
    {
        var activity = new TeamsActivity
        {
            Conversation = new ConversationAccount("19:channelprobe@thread.tacv2;messageid=1712345") { ConversationType = "channel" },
            ChannelData = new TeamsChannelData { Channel = new ChannelInfo("19:channelprobe@thread.tacv2"), Team = new TeamInfo("19:teamprobe@thread.tacv2"), Tenant = new TenantInfo("t1") },
        };

        var conversation = TeamsConversation.From(activity)!;

        Assert.Equal("19:channelprobe@thread.tacv2", conversation.Key);
        Assert.Equal("19:channelprobe@thread.tacv2;messageid=1712345", conversation.ReplyId);
        Assert.Equal(ChannelKind.Group, conversation.Kind);
        Assert.Equal("19:teamprobe@thread.tacv2", conversation.TeamId);
        Assert.Equal("t1", conversation.TenantId);
        var reference = conversation.ToReference();
        Assert.Equal(ChatPlatform.Teams, reference.Platform);
        Assert.Equal("19:channelprobe@thread.tacv2;messageid=1712345", TeamsConversation.ReplyIdOf(reference));
    }

    [Fact]
    public void ChannelWithoutChannelData_IsNormalisedFromTheId()
    {
        var activity = new TeamsActivity { Conversation = new ConversationAccount("19:abc@thread.tacv2;messageid=9") { ConversationType = "channel" } };
        Assert.Equal("19:abc@thread.tacv2", TeamsConversation.From(activity)!.Key);
    }

    [Fact]
    public void PersonalChat_IsDirect()
    {
        var activity = new TeamsActivity { Conversation = new ConversationAccount("a:1personal") { ConversationType = "personal" } };
        var conversation = TeamsConversation.From(activity)!;
        Assert.Equal(ChannelKind.Direct, conversation.Kind);
        Assert.Null(conversation.ToReference().ThreadId);
    }

    [Fact]
    public void GroupChat_IsGroup()
    {
        var activity = new TeamsActivity { Conversation = new ConversationAccount("19:group@thread.v2") { ConversationType = "groupChat", IsGroup = true } };
        Assert.Equal(ChannelKind.Group, TeamsConversation.From(activity)!.Kind);
    }
}
