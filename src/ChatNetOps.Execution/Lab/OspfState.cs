namespace ChatNetOps.Execution.Lab;

/// <summary>OSPF neighbour states the lab walks through after an adjacency is reset.</summary>
internal enum OspfState
{
    Down,
    Init,
    ExStart,
    Exchange,
    Loading,
    Full,
}
