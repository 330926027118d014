namespace ChatNetOps.Core.Queues;

public enum ResultKind
{
    /// <summary>The request changed state (queued, running, finished); the chat card should be refreshed.</summary>
    StatusChanged,

    /// <summary>One device of a fan-out finished; the chat can show progress.</summary>
    DeviceFinished,
}
