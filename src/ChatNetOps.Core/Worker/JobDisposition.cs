namespace ChatNetOps.Core.Worker;

public enum JobDisposition
{
    /// <summary>Done with the message (ran it, or it must not run again).</summary>
    Complete,

    /// <summary>Give the message back so it is delivered again (nothing was executed).</summary>
    Abandon,
}
