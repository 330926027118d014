namespace ChatNetOps.Conversation.Dialog;

using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>One event with what the server knows about it: the policy member behind the platform identity and the conversation's binding.</summary>
internal sealed record DialogContext(ChatEvent Event, Member? Member, ChannelContext Channel, string CorrelationId)
{
    /// <summary>How <see cref="Member"/> was found (<see cref="MemberMatch"/>), recorded with the actor.</summary>
    public string? MatchedBy { get; init; }

    public Actor Actor => Event.Actor with { MemberId = Member?.Id, MatchedBy = Member is null ? null : MatchedBy };

    public ConversationRef Conversation => Event.Conversation;

    public bool IsAction => Event.Action is not null;
}
