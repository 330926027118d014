namespace ChatNetOps.Core.Execution;

/// <summary>Device output with its secrets replaced, and how many secrets were replaced.</summary>
public sealed record RedactionResult(string Text, int Count);
