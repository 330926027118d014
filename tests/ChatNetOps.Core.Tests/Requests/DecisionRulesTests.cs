namespace ChatNetOps.Core.Tests.Requests;

using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

public sealed class DecisionRulesTests
{
    private static readonly Actor Requester = new(ChatPlatform.Slack, "U0BOB000002", "Bob") { MemberId = "bob" };
    private static readonly Member Carol = new("carol", "Carol Castillo", ["network-engineer", "change-approver"]);

    [Theory]
    [InlineData("bob", ChatPlatform.Teams, "aad-bob", true)] // the same member, from another platform
    [InlineData("BOB", ChatPlatform.Teams, "aad-bob", true)]
    [InlineData("carol", ChatPlatform.Slack, "U0BOB000002", true)] // the same chat user, whoever the policy says it is
    [InlineData("carol", ChatPlatform.Teams, "U0BOB000002", false)]
    [InlineData("carol", ChatPlatform.Slack, "U0CAROL0003", false)]
    public void IsRequester_SameMemberOrSameChatUser(string memberId, ChatPlatform platform, string userId, bool expected)
    {
        var decider = Carol with { Id = memberId };

        Assert.Equal(expected, DecisionRules.IsRequester(Requester, decider, new Actor(platform, userId, "someone")));
    }

    [Fact]
    public void IsPastDeadline_FromTheDeadlineOn_AndNeverWithoutOne()
    {
        var deadline = new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);

        Assert.False(DecisionRules.IsPastDeadline(deadline, deadline.AddTicks(-1)));
        Assert.True(DecisionRules.IsPastDeadline(deadline, deadline));
        Assert.False(DecisionRules.IsPastDeadline(null, DateTimeOffset.MaxValue));
    }

    [Theory]
    [InlineData(ChatPlatform.Slack, "C0INC1001", true)]
    [InlineData(ChatPlatform.Teams, "C0INC1001", false)]
    [InlineData(ChatPlatform.Slack, "c0inc1001", false)]
    public void IsWhereAsked_SamePlatformAndConversation(ChatPlatform platform, string conversationId, bool expected)
    {
        var asked = new ConversationRef(ChatPlatform.Slack, "C0INC1001", ChannelKind.Incident) { ThreadId = "1.1", BoundTo = "INC-1001" };

        Assert.Equal(expected, DecisionRules.IsWhereAsked(asked, new ConversationRef(platform, conversationId, ChannelKind.Group)));
    }

    [Fact]
    public void IsUnchanged_ComparesTheHashesExactly()
    {
        Assert.True(DecisionRules.IsUnchanged("ab12", "ab12"));
        Assert.False(DecisionRules.IsUnchanged("ab12", "AB12"));
    }
}
