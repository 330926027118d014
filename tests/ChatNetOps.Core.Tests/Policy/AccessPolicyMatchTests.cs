namespace ChatNetOps.Core.Tests.Policy;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

public sealed class AccessPolicyMatchTests
{
    private static readonly AccessPolicy Policy = new(
        [new Role("engineer", string.Empty)],
        [
            new Member("carol", "Carol", ["engineer"]) { SlackUserId = "U0CAROL0003", TeamsAadObjectId = "8a2e6b41-0c9d-4f37-b5e2-71d94c3a6f08", Email = "carol@contoso.com" },
            new Member("frank", "Frank", ["engineer"]) { TeamsAadObjectId = "c7d0e5f2-9b18-4a6c-8e3d-5f2a1b7c9d40", Email = "frank@contoso.com" },
            new Member("gina", "Gina", ["engineer"]) { SlackUserId = "U0GINA00007", Email = "gina@contoso.com" },
        ],
        [],
        []);

    [Fact]
    public void ById_IsMatchedByThePlatformId()
    {
        var match = Policy.Match(ChatPlatform.Slack, "U0CAROL0003", "someone@else.example")!;
        Assert.Equal("carol", match.Member.Id);
        Assert.Equal(MemberMatch.SlackUserId, match.Method);
        Assert.Equal(MemberMatch.TeamsAadObjectId, Policy.Match(ChatPlatform.Teams, "8A2E6B41-0C9D-4F37-B5E2-71D94C3A6F08")!.Method);
    }

    [Fact]
    public void AMemberPinnedToAnIdOnThePlatform_IsNeverMatchedByEmailThere()
    {
        Assert.Null(Policy.Match(ChatPlatform.Slack, "U0FOREIGN01", "carol@contoso.com"));
        Assert.Null(Policy.Match(ChatPlatform.Teams, "00000000-0000-4000-8000-000000000009", "frank@contoso.com"));
    }

    [Fact]
    public void AMemberWithoutAnIdOnThePlatform_IsMatchedByEmail_AndSaysSo()
    {
        var slack = Policy.Match(ChatPlatform.Slack, "U0NEWFRANK", "FRANK@contoso.com")!;
        var teams = Policy.Match(ChatPlatform.Teams, "00000000-0000-4000-8000-000000000009", "gina@contoso.com")!;

        Assert.Equal(("frank", MemberMatch.ByEmail), (slack.Member.Id, slack.Method));
        Assert.Equal(("gina", MemberMatch.ByEmail), (teams.Member.Id, teams.Method));
    }

    [Fact]
    public void TheConsole_MatchesByMemberIdOnly() =>
        Assert.Null(Policy.Match(ChatPlatform.Console, "someone", "frank@contoso.com"));

    [Fact]
    public void TheMatchMethod_IsPartOfTheAuditHash_AndAnEventWithoutOneHashesAsBefore()
    {
        var actor = new Actor(ChatPlatform.Slack, "U0NEWFRANK", "Frank") { MemberId = "frank" };
        var unmatched = new AuditEvent("d:1", "d", 1, DateTimeOffset.UnixEpoch, AuditKind.Requested, actor, null, null, null, null, null, new Dictionary<string, string>(), AuditHasher.Genesis, string.Empty);
        var byEmail = unmatched with { Actor = actor with { MatchedBy = MemberMatch.ByEmail } };

        Assert.NotEqual(AuditHasher.ComputeHash(unmatched), AuditHasher.ComputeHash(byEmail));
        // SHA-256 of the canonical form as it was before matchedBy existed (computed independently).
        Assert.Equal("fcb466d9c3bdeb6604b6804e6c5c4982797245f5a61262f818b65f9aa8b26e78", AuditHasher.ComputeHash(unmatched));
    }
}
