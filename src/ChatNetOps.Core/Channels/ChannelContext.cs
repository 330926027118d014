namespace ChatNetOps.Core.Channels;

using ChatNetOps.Core.Policy;

/// <summary>What a conversation is bound to right now, which decides the channel kind grants are checked against.</summary>
/// <param name="Incident">The incident the conversation is bound to: a policy binding's, or the newest open one bound here.</param>
public sealed record ChannelContext(ChannelKind Kind, string? Incident, string? ChangeWindow)
{
    public string? BoundTo => Incident ?? ChangeWindow;

    /// <summary>
    /// Every open incident bound to the conversation (by <c>incident open</c> or an alert), oldest first: a channel can
    /// hold several, and a run picks one by name or by its device (<see cref="Incidents.IncidentChoice"/>).
    /// </summary>
    public IReadOnlyList<string> OpenIncidents { get; init; } = [];

    /// <summary>Whether <paramref name="incident"/> is an incident this conversation is bound to (a button carries its incident and works here).</summary>
    public bool Holds(string? incident) =>
        incident is not null && (string.Equals(incident, Incident, StringComparison.OrdinalIgnoreCase) || OpenIncidents.Contains(incident, StringComparer.OrdinalIgnoreCase));
}
