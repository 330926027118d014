namespace ChatNetOps.Core.Inventory;

/// <summary>
/// A question one runbook command is known to make the device ask, and the answer to type (<c>confirm:</c> in
/// <c>runbooks.yaml</c>). The executor answers it at most once; any other question fails the run.
/// </summary>
/// <param name="Expect">A regular expression searched in the question line (the unfinished last line the device printed while it waits), e.g. <c>\[confirm\]</c>.</param>
/// <param name="Answer">The literal text typed, then Enter; empty means Enter alone. Never a secret: it is recorded in the result and audit.</param>
public sealed record CommandConfirm(string Expect, string Answer)
{
    /// <summary>The answer as people read it: <c>yes</c>, or <c>(Enter)</c> for an empty answer.</summary>
    public string AnswerText => Answer.Length == 0 ? "(Enter)" : Answer;
}
