namespace ChatNetOps.Conversation.Rendering;

/// <summary>What the help card lists for one user in one conversation.</summary>
public sealed record HelpView(IReadOnlyList<(string Usage, string Description)> Commands, IReadOnlyList<string> Tips);
