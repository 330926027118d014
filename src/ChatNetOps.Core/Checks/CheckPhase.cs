namespace ChatNetOps.Core.Checks;

/// <summary>When a check looks at the device: before the change (at request time) or right after it (under its lock).</summary>
public enum CheckPhase
{
    /// <summary>The pre-check, run when the change is requested; its verdict goes on the approval card.</summary>
    Before,

    /// <summary>The post-check, run right after the change under the same device lock, retried within its window.</summary>
    After,
}
