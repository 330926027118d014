namespace ChatNetOps.Teams.Tests.Invoke;

using System.Net;
using ChatNetOps.Teams.Tests.Auth;
using ChatNetOps.Teams.Tests.Infrastructure;

/// <summary>
/// A Teams user is identified by the AAD object id Teams vouches for and shown by the policy member's display name,
/// as on Slack and the console: the client's <c>from.name</c> (here a bare "user") never names a member on a card.
/// </summary>
public sealed class PolicyDisplayNameTests(AuthFixture fixture) : IClassFixture<AuthFixture>
{
    [Fact]
    public async Task AMembersRequest_IsShownUnderTheirPolicyDisplayName_NotTheirTeamsName()
    {
        var connector = fixture.Connector;
        var thread = "8" + Random.Shared.Next(100000, 999999);
        var asUser = (Activities.Pat.Mri, Activities.Pat.Aad, "user");
        var request = Activities.ChannelMessage(connector.ServiceUrl, "bounce-interface device=acc-sw-02 interface=Gi1/0/4", asUser, thread);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Bot.PostSignedAsync(request, fixture.TeamsKey, connector.ServiceUrl)).StatusCode);

        var threadPath = $"v3/conversations/{Activities.ChannelId};messageid={thread}/activities";
        var approvalPost = await connector.WaitForAsync(c => c.Method == "POST" && c.Path.EndsWith(threadPath, StringComparison.Ordinal) && c.CardText.Contains("Approval needed", StringComparison.Ordinal));

        Assert.Contains("Pat Tester", approvalPost.CardText, StringComparison.Ordinal);
        Assert.DoesNotContain("user (pat)", approvalPost.CardText, StringComparison.Ordinal);
        Assert.DoesNotContain(": user", approvalPost.CardText, StringComparison.Ordinal);
    }
}
