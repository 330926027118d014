namespace ChatNetOps.Core.Policy;

/// <summary>What kind of conversation a request comes from; grants name the kinds they cover.</summary>
public enum ChannelKind
{
    /// <summary>A 1:1 chat with the bot.</summary>
    Direct,

    /// <summary>A group chat or channel not bound to an incident or change window.</summary>
    Group,

    /// <summary>A conversation bound to an open incident.</summary>
    Incident,

    /// <summary>A conversation bound to an active change window.</summary>
    ChangeWindow,

    /// <summary>The local console (<c>chatnetops chat</c>).</summary>
    Console,
}
