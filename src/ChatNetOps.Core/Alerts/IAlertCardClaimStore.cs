namespace ChatNetOps.Core.Alerts;

/// <summary>
/// Who posts the first card of an alert incident. Every bot replica refreshes alert cards; before one posts a
/// first card (a new chat message) it claims the incident here, and only the holder of an unexpired claim posts. The
/// claim is a lease: a replica that crashed between claiming and recording the message id is taken over once its
/// claim runs out. Kept apart from the card's message id (<see cref="Channels.IRequestCardStore"/>), which the winner
/// records after posting; the others update that message in place once it is there.
/// </summary>
public interface IAlertCardClaimStore
{
    /// <summary>
    /// Claims posting the first card of <paramref name="incidentId"/> for <paramref name="owner"/> until
    /// <paramref name="until"/>, in one conditional write: true when there was no claim, when the one there ran out
    /// (at or before <paramref name="now"/>), or when it is already <paramref name="owner"/>'s (then renewed); false when
    /// another owner's claim is still running.
    /// </summary>
    Task<bool> TryClaimAsync(string incidentId, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);
}
