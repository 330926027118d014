namespace ChatNetOps.Core.Parsing;

/// <summary>One row of parsed output: its verdict under the runbook's rules and its field values as normalised text.</summary>
public sealed record ParsedRow(Verdict Verdict, IReadOnlyDictionary<string, string> Values);
