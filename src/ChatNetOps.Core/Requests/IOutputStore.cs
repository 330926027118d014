namespace ChatNetOps.Core.Requests;

public interface IOutputStore
{
    Task SaveAsync(StoredOutput output, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredOutput>> GetAsync(string requestId, CancellationToken cancellationToken);
}
