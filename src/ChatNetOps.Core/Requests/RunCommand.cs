namespace ChatNetOps.Core.Requests;

/// <summary>A person asks to run a runbook. Inputs are raw chat values; nothing here is trusted yet.</summary>
/// <param name="Email">The user's email when the platform supplied it, for matching policy members by email.</param>
/// <param name="Incident">An incident id the user typed (<c>incident=INC-1234</c>), if any.</param>
public sealed record RunCommand(
    Actor Actor,
    string? Email,
    ConversationRef Conversation,
    string Runbook,
    IReadOnlyDictionary<string, string> Inputs,
    string? Incident)
{
    public string? TraceParent { get; init; }

    /// <summary>The finished change this command rolls back ("Roll back" on its result card); checked by the submit service.</summary>
    public string? RollbackOf { get; init; }
}
