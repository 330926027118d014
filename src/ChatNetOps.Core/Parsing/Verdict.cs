namespace ChatNetOps.Core.Parsing;

/// <summary>What a parsed result says about the network, worst last (so the worst of several is their maximum).</summary>
public enum Verdict
{
    Ok,
    Warning,
    Problem,
}
