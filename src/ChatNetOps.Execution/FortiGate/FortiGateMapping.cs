namespace ChatNetOps.Execution.FortiGate;

/// <summary>The requests a command plan becomes, or the first command that has no read-only monitor API equivalent.</summary>
internal sealed record FortiGateMapping(IReadOnlyList<FortiGateCall> Calls, int UnsupportedIndex)
{
    public bool Supported => UnsupportedIndex < 0;
}
