namespace ChatNetOps.Core.Audit.Checkpoints;

/// <summary>Why a checkpoint was written.</summary>
public enum AuditCheckpointReason
{
    /// <summary>A partition reached <see cref="AuditCheckpointOptions.EveryEvents"/> events since it was last anchored.</summary>
    Events,

    /// <summary><see cref="AuditCheckpointOptions.Interval"/> passed with events not yet anchored.</summary>
    Interval,

    /// <summary>An incident was closed.</summary>
    IncidentClosed,

    /// <summary>The host stopped.</summary>
    Shutdown,

    /// <summary>The first checkpoint of a store that already held events: its intact chains, verified, were adopted.</summary>
    Adopted,

    /// <summary>Asked for explicitly (tests, tools).</summary>
    Requested,
}
