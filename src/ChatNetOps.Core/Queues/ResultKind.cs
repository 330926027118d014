namespace ChatNetOps.Core.Queues;

public enum ResultKind
{
    /// <summary>The request changed state (queued, running, finished); the chat card should be refreshed.</summary>
    StatusChanged,

    /// <summary>One device of a fan-out finished; the chat can show progress.</summary>
    DeviceFinished,

    /// <summary>
    /// A decision that is not a run expired unanswered (a severity confirmation, <see cref="Incidents.SeverityService"/>):
    /// its card should say so in place. <see cref="ResultMessage.RequestId"/> carries the decision's id (<c>INC-…/sevN</c>).
    /// </summary>
    DecisionExpired,
}
