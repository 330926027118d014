namespace ChatNetOps.Core.Queues;

/// <summary>What a consumer decided about a delivered message.</summary>
public abstract record QueueSettlement
{
    public static readonly QueueSettlement Complete = new Completed();

    public static readonly QueueSettlement Abandon = new Abandoned();

    private QueueSettlement()
    {
    }

    public static QueueSettlement DeadLetter(string reason, string description) => new DeadLettered(reason, description);

    /// <summary>Done with the message: remove it.</summary>
    public sealed record Completed : QueueSettlement;

    /// <summary>Give it back now so it is delivered again (its delivery count grows).</summary>
    public sealed record Abandoned : QueueSettlement;

    /// <summary>Never deliver it again: move it to the dead-letter queue.</summary>
    public sealed record DeadLettered(string Reason, string Description) : QueueSettlement;
}
