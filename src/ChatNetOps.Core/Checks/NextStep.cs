namespace ChatNetOps.Core.Checks;

using ChatNetOps.Core.Parsing;

/// <summary>
/// A runbook's <c>next:</c> entry: the safe step to offer after a run, with inputs from the run's inputs and the row
/// that triggered it (<c>{row.interface}</c>). Offered when a row meets <see cref="When"/> (one offer per distinct
/// filled inputs), or when the device's verdict is one of <see cref="Verdicts"/> (filled from the run's inputs).
/// </summary>
public sealed record NextStep(RunbookLink Link, string? Label, VerdictExpression? When, IReadOnlyList<Verdict> Verdicts);
