namespace ChatNetOps.Core.Tests.Requests;

using ChatNetOps.Core.Requests;

/// <summary>
/// Slips one write by another writer (<paramref name="write"/>) in just before the first replace that moves a request
/// into <paramref name="status"/>, so that replace loses its ETag race exactly as it would in production.
/// </summary>
internal sealed class InterferingRequestStore(IRequestStore inner, RequestStatus status, Func<RunRequest, RunRequest> write) : IRequestStore
{
    private int _interfered;

    public bool Interfered => _interfered == 1;

    public Task<RunRequest> CreateAsync(RunRequest request, CancellationToken cancellationToken) => inner.CreateAsync(request, cancellationToken);

    public Task<RunRequest?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public async Task<RunRequest?> TryReplaceAsync(RunRequest updated, string expectedETag, CancellationToken cancellationToken)
    {
        if (updated.Status == status && Interlocked.Exchange(ref _interfered, 1) == 0)
        {
            var current = (await inner.GetAsync(updated.Id, cancellationToken))!;
            Assert.NotNull(await inner.TryReplaceAsync(write(current), current.ETag!, cancellationToken));
        }

        return await inner.TryReplaceAsync(updated, expectedETag, cancellationToken);
    }

    public Task<IReadOnlyList<RunRequest>> ListByStatusAsync(RequestStatus status, int max, CancellationToken cancellationToken) =>
        inner.ListByStatusAsync(status, max, cancellationToken);

    public Task<IReadOnlyList<RunRequest>> ListByIncidentAsync(string incident, CancellationToken cancellationToken) =>
        inner.ListByIncidentAsync(incident, cancellationToken);
}
