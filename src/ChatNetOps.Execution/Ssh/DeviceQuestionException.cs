namespace ChatNetOps.Execution.Ssh;

/// <summary>
/// The device stopped at a question the runbook declares no answer to (or asked again after the declared answer).
/// Nothing further is sent on the session; it is closed, not reused.
/// </summary>
internal sealed class DeviceQuestionException(string question, string partialTranscript, bool afterAnswer = false)
    : Exception("the device asked: " + question)
{
    /// <summary>The question line as the device printed it.</summary>
    public string Question { get; } = question;

    /// <summary>Prompt, command and what the device sent up to and including the question.</summary>
    public string PartialTranscript { get; } = partialTranscript;

    /// <summary>True when the question came after the declared answer was typed.</summary>
    public bool AfterAnswer { get; } = afterAnswer;
}
