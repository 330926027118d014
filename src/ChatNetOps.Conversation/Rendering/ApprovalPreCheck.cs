namespace ChatNetOps.Conversation.Rendering;

using ChatNetOps.Core.Parsing;

/// <summary>
/// The pre-check slot of the approval card: the verdict of a check the runbook runs before the change is decided, its
/// one summary line, and the rows that matter ("198.51.100.167 is FULL on Eth1/1"; "Gi1/0/1 description: management").
/// Empty (null) until a runbook declares a pre-check; the card then leaves the section out. Filled by the pre-check
/// feature (change safety), never by the approval card itself.
/// </summary>
/// <param name="Verdict">The pre-check's verdict.</param>
/// <param name="Summary">One line, e.g. "2/2 neighbours FULL".</param>
/// <param name="Rows">Label and value of each row shown, at most <see cref="Cards.CardLimits.ResultRows"/>.</param>
public sealed record ApprovalPreCheck(Verdict Verdict, string Summary, IReadOnlyList<(string Title, string Value)> Rows);
