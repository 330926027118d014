namespace ChatNetOps.Core.Policy;

using ChatNetOps.Core.Inventory;

/// <summary>Roles, members, grants and channel bindings. Default deny: only what a grant covers is allowed.</summary>
public sealed class AccessPolicy(
    IReadOnlyList<Role> roles,
    IReadOnlyList<Member> members,
    IReadOnlyList<Grant> grants,
    IReadOnlyList<ChannelBinding> bindings)
{
    public IReadOnlyList<Role> Roles { get; } = roles;

    public IReadOnlyList<Member> Members { get; } = members;

    public IReadOnlyList<Grant> Grants { get; } = grants;

    public IReadOnlyList<ChannelBinding> Bindings { get; } = bindings;

    /// <summary>
    /// Finds the member behind a chat identity: by platform user id first; else by email, but only among members who
    /// have no id for that platform (a member pinned to a Slack id or an AAD object id is never matched by email, and
    /// the console matches by member id only). The adapter passes an email only when the platform vouches for it
    /// (a confirmed Slack email in an allowed workspace, a Teams member of an allowed tenant).
    /// </summary>
    public MemberMatch? Match(ChatPlatform platform, string userId, string? email = null)
    {
        var byId = platform switch
        {
            ChatPlatform.Slack => Members.FirstOrDefault(m => string.Equals(m.SlackUserId, userId, StringComparison.Ordinal)),
            ChatPlatform.Teams => Members.FirstOrDefault(m => string.Equals(m.TeamsAadObjectId, userId, StringComparison.OrdinalIgnoreCase)),
            ChatPlatform.Console => Members.FirstOrDefault(m => string.Equals(m.Id, userId, StringComparison.OrdinalIgnoreCase)),
            _ => null,
        };
        if (byId is not null)
        {
            return new MemberMatch(byId, platform switch
            {
                ChatPlatform.Slack => MemberMatch.SlackUserId,
                ChatPlatform.Teams => MemberMatch.TeamsAadObjectId,
                _ => MemberMatch.ConsoleMemberId,
            });
        }

        if (string.IsNullOrWhiteSpace(email) || platform == ChatPlatform.Console)
        {
            return null;
        }

        var byEmail = Members.FirstOrDefault(m => !HasIdFor(m, platform) && string.Equals(m.Email, email, StringComparison.OrdinalIgnoreCase));
        return byEmail is null ? null : new MemberMatch(byEmail, MemberMatch.ByEmail);
    }

    /// <summary>The member behind a chat identity (see <see cref="Match"/>).</summary>
    public Member? FindMember(ChatPlatform platform, string userId, string? email = null) => Match(platform, userId, email)?.Member;

    /// <summary>Whether the member is pinned to an identity on this platform (and so is never matched there by email).</summary>
    public static bool HasIdFor(Member member, ChatPlatform platform) => platform switch
    {
        ChatPlatform.Slack => member.SlackUserId is not null,
        ChatPlatform.Teams => member.TeamsAadObjectId is not null,
        _ => true,
    };

    public Member? FindMemberById(string id) =>
        Members.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether one grant covers action × runbook × the device's group × channel kind for this member.</summary>
    public bool IsGranted(Member member, GrantAction action, Runbook runbook, Device device, ChannelKind kind) =>
        Grants.Any(g =>
            member.Roles.Contains(g.Role, StringComparer.OrdinalIgnoreCase)
            && g.Actions.Contains(action)
            && g.CoversRunbook(runbook.Name)
            && g.CoversGroupOf(device)
            && g.ChannelKinds.Contains(kind));

    /// <summary>Whether the member may perform the action on the runbook somewhere from this kind of channel.</summary>
    public bool IsGrantedAnywhere(Member member, GrantAction action, Runbook runbook, ChannelKind kind) =>
        Grants.Any(g =>
            member.Roles.Contains(g.Role, StringComparer.OrdinalIgnoreCase)
            && g.Actions.Contains(action)
            && g.CoversRunbook(runbook.Name)
            && g.ChannelKinds.Contains(kind));

    /// <summary>Whether the member may open, close, attach to or re-rate incidents from this kind of channel (<see cref="GrantAction.Incident"/>).</summary>
    /// <summary>
    /// The roles <c>decisions.severity_confirmation.roles</c> names; empty when policy names none (then whoever may
    /// manage incidents confirms).
    /// </summary>
    public IReadOnlyList<string> SeverityConfirmerRoles { get; init; } = [];

    /// <summary>Whether the member may confirm or reject a proposed severity from a channel of this kind.</summary>
    public bool MayConfirmSeverity(Member member, ChannelKind kind)
    {
        ArgumentNullException.ThrowIfNull(member);
        return SeverityConfirmerRoles.Count == 0
            ? MayManageIncidents(member, kind)
            : member.Roles.Any(r => SeverityConfirmerRoles.Contains(r, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The roles <c>decisions.change_window_acknowledgement.roles</c> names; empty when policy names none (then whoever
    /// may manage incidents acknowledges).
    /// </summary>
    public IReadOnlyList<string> ChangeWindowAcknowledgerRoles { get; init; } = [];

    /// <summary>Whether the member may acknowledge or reject a change window from a channel of this kind (never its opener: <see cref="Requests.DecisionRules"/>).</summary>
    public bool MayAcknowledgeChangeWindow(Member member, ChannelKind kind)
    {
        ArgumentNullException.ThrowIfNull(member);
        return ChangeWindowAcknowledgerRoles.Count == 0
            ? MayManageIncidents(member, kind)
            : member.Roles.Any(r => ChangeWindowAcknowledgerRoles.Contains(r, StringComparer.OrdinalIgnoreCase));
    }

    public bool MayManageIncidents(Member member, ChannelKind kind) =>
        Grants.Any(g =>
            member.Roles.Contains(g.Role, StringComparer.OrdinalIgnoreCase)
            && g.Actions.Contains(GrantAction.Incident)
            && g.ChannelKinds.Contains(kind));

    /// <summary>Whether the member may ask for the operations report from this kind of channel (<see cref="GrantAction.Report"/>).</summary>
    public bool MayReport(Member member, ChannelKind kind)
    {
        ArgumentNullException.ThrowIfNull(member);
        return Grants.Any(g =>
            member.Roles.Contains(g.Role, StringComparer.OrdinalIgnoreCase)
            && g.Actions.Contains(GrantAction.Report)
            && g.ChannelKinds.Contains(kind));
    }

    /// <summary>The policy's bindings of conversations to this incident (whatever their validity period).</summary>
    public IEnumerable<ChannelBinding> BindingsOf(string incidentId) =>
        Bindings.Where(b => b.Incident is not null && string.Equals(b.Incident, incidentId, StringComparison.OrdinalIgnoreCase));

    /// <summary>The policy's bindings of conversations to this standing change window (whatever their validity period).</summary>
    public IEnumerable<ChannelBinding> ChangeWindowBindingsOf(string changeWindowId) =>
        Bindings.Where(b => b.ChangeWindow is not null && string.Equals(b.ChangeWindow, changeWindowId, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether an active policy binding declares this incident (a standing incident channel).</summary>
    public bool DeclaresIncident(string incidentId, DateTimeOffset now) =>
        BindingsOf(incidentId).Any(b => (b.ValidFrom is null || b.ValidFrom <= now) && (b.ValidUntil is null || now < b.ValidUntil));

    /// <summary>Members who could approve this runbook on this device, excluding the requester.</summary>
    public IEnumerable<Member> ApproversFor(Runbook runbook, Device device, ChannelKind kind, string requesterMemberId) =>
        Members.Where(m =>
            !string.Equals(m.Id, requesterMemberId, StringComparison.OrdinalIgnoreCase)
            && HasApproverRole(m, runbook)
            && IsGranted(m, GrantAction.Approve, runbook, device, kind));

    /// <summary>Whether the member has one of the runbook's <c>approval.approver_roles</c> (any member does when it names none).</summary>
    public static bool HasApproverRole(Member member, Runbook runbook) =>
        runbook.Approval.ApproverRoles.Count == 0
        || member.Roles.Any(r => runbook.Approval.ApproverRoles.Contains(r, StringComparer.OrdinalIgnoreCase));

    public ChannelBinding? FindBinding(ChatPlatform platform, string conversationId, DateTimeOffset now) =>
        Bindings.FirstOrDefault(b =>
            b.Platform == platform
            && string.Equals(b.ConversationId, conversationId, StringComparison.Ordinal)
            && (b.ValidFrom is null || b.ValidFrom <= now)
            && (b.ValidUntil is null || now < b.ValidUntil));
}
