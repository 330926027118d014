namespace ChatNetOps.Execution.Lab;

/// <summary>A snapshot of one interface's counters; every value only grows with time.</summary>
internal sealed record InterfaceCounters(
    long RxPackets,
    long RxBytes,
    long TxPackets,
    long TxBytes,
    long RxMulticast,
    long RxBroadcast,
    long RxPacketsPerSecond,
    long TxPacketsPerSecond,
    long RxBitsPerSecond,
    long TxBitsPerSecond);
