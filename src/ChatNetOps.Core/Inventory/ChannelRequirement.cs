namespace ChatNetOps.Core.Inventory;

/// <summary>Where a runbook may be launched from.</summary>
public enum ChannelRequirement
{
    /// <summary>Any conversation a grant covers.</summary>
    Any,

    /// <summary>Only a conversation bound to an open incident.</summary>
    Incident,

    /// <summary>A conversation bound to an open incident or an active change window.</summary>
    IncidentOrChangeWindow,
}
