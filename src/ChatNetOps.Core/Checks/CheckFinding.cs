namespace ChatNetOps.Core.Checks;

/// <summary>What one compare rule found: its name, whether it held, and the evidence in one line.</summary>
public sealed record CheckFinding(string Rule, bool Passed, string Detail);
