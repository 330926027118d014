namespace ChatNetOps.Core.Requests;

/// <summary>Durable requests. Writes are conditional: a stale ETag loses.</summary>
public interface IRequestStore
{
    /// <summary>How often <see cref="UpdateAsync"/> re-reads after losing a conditional write before it gives up.</summary>
    const int MaxUpdateAttempts = 64;

    /// <summary>Creates the request; throws <see cref="InvalidOperationException"/> when the id exists.</summary>
    Task<RunRequest> CreateAsync(RunRequest request, CancellationToken cancellationToken);

    Task<RunRequest?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Replaces the request if its stored ETag still equals <paramref name="expectedETag"/>; null when it does not.</summary>
    Task<RunRequest?> TryReplaceAsync(RunRequest updated, string expectedETag, CancellationToken cancellationToken);

    Task<IReadOnlyList<RunRequest>> ListByStatusAsync(RequestStatus status, int max, CancellationToken cancellationToken);

    Task<IReadOnlyList<RunRequest>> ListByIncidentAsync(string incident, CancellationToken cancellationToken);

    /// <summary>
    /// One lifecycle transition: reads the request, asks <paramref name="change"/> for its new version and writes it
    /// conditionally. When another write got there first, it reads again and asks again, so <paramref name="change"/>
    /// always decides on the stored request and never overwrites someone else's write. <paramref name="change"/> returns
    /// null when the transition no longer applies (another decision won, the lease was renewed); it must not have side
    /// effects, as it may run more than once. Returns the stored new version, or null when the request does not exist or
    /// <paramref name="change"/> declined.
    /// </summary>
    async Task<RunRequest?> UpdateAsync(string id, Func<RunRequest, RunRequest?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 0; attempt < MaxUpdateAttempts; attempt++)
        {
            var current = await GetAsync(id, cancellationToken);
            if (current is null || change(current) is not { } changed)
            {
                return null;
            }

            if (await TryReplaceAsync(changed with { Id = current.Id }, current.ETag!, cancellationToken) is { } stored)
            {
                return stored;
            }
        }

        throw new InvalidOperationException(
            $"Request {id} changed under {MaxUpdateAttempts} attempts to update it; something writes it in a loop (check the request store's ETags).");
    }
}
