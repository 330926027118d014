namespace ChatNetOps.Core.Tests.Channels;

using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;

public sealed class ChannelRulesTests
{
    [Theory]
    [InlineData(ChannelRequirement.Any, new[] { ChannelKind.Direct, ChannelKind.Group, ChannelKind.Incident, ChannelKind.ChangeWindow, ChannelKind.Console })]
    [InlineData(ChannelRequirement.Incident, new[] { ChannelKind.Incident })]
    [InlineData(ChannelRequirement.IncidentOrChangeWindow, new[] { ChannelKind.Incident, ChannelKind.ChangeWindow })]
    public void IsSatisfiedBy_ExactlyTheKindsTheRequirementNames(ChannelRequirement requirement, ChannelKind[] satisfying)
    {
        Assert.All(Enum.GetValues<ChannelKind>(), kind => Assert.Equal(satisfying.Contains(kind), requirement.IsSatisfiedBy(kind)));
    }

    [Fact]
    public void IsSatisfiedBy_AnUnknownRequirement_IsNot()
    {
        Assert.False(((ChannelRequirement)99).IsSatisfiedBy(ChannelKind.Incident));
    }
}
