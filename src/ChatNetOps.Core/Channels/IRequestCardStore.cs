namespace ChatNetOps.Core.Channels;

/// <summary>
/// Which chat message shows each request's card (<see cref="RequestCard"/>). The adapter that posts a card saves it; a
/// later post (when the old message could not be updated) replaces it. An incident's alert card is kept the same way,
/// under the incident id (<c>ALR-0123456789</c>; request ids are <c>R-</c> and eight characters, so they never meet).
/// </summary>
public interface IRequestCardStore
{
    /// <summary>Creates or replaces the card of <see cref="RequestCard.RequestId"/>.</summary>
    Task SaveAsync(RequestCard card, CancellationToken cancellationToken);

    /// <summary>The card last saved for the request, or null when none was.</summary>
    Task<RequestCard?> GetAsync(string requestId, CancellationToken cancellationToken);
}
