namespace ChatNetOps.Core.Channels;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;

/// <summary>Where a runbook may be launched from, said once for everyone who asks (the submit policy, what a member sees).</summary>
public static class ChannelRules
{
    /// <summary>Whether a conversation of <paramref name="kind"/> (as <see cref="ChannelResolver"/> resolved it) meets the runbook's requirement.</summary>
    public static bool IsSatisfiedBy(this ChannelRequirement requirement, ChannelKind kind) => requirement switch
    {
        ChannelRequirement.Any => true,
        ChannelRequirement.Incident => kind == ChannelKind.Incident,
        ChannelRequirement.IncidentOrChangeWindow => kind is ChannelKind.Incident or ChannelKind.ChangeWindow,
        _ => false,
    };

    /// <summary>The kind of conversation in words, for refusals ("from a direct message").</summary>
    public static string Describe(this ChannelKind kind) => kind switch
    {
        ChannelKind.Direct => "a direct message",
        ChannelKind.Group => "a channel not bound to an incident",
        ChannelKind.Incident => "an incident channel",
        ChannelKind.ChangeWindow => "a change-window channel",
        ChannelKind.Console => "the local console",
        _ => kind.ToString(),
    };
}
