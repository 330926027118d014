namespace ChatNetOps.Core.Requests;

/// <summary>Durable requests. Writes are conditional: a stale ETag loses.</summary>
public interface IRequestStore
{
    /// <summary>Creates the request; throws <see cref="InvalidOperationException"/> when the id exists.</summary>
    Task<RunRequest> CreateAsync(RunRequest request, CancellationToken cancellationToken);

    Task<RunRequest?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Replaces the request if its stored ETag still equals <paramref name="expectedETag"/>; null when it does not.</summary>
    Task<RunRequest?> TryReplaceAsync(RunRequest updated, string expectedETag, CancellationToken cancellationToken);

    Task<IReadOnlyList<RunRequest>> ListByStatusAsync(RequestStatus status, int max, CancellationToken cancellationToken);

    Task<IReadOnlyList<RunRequest>> ListByIncidentAsync(string incident, CancellationToken cancellationToken);
}
