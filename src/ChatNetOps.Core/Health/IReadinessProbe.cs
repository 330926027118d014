namespace ChatNetOps.Core.Health;

/// <summary>A backend the hosts need (store, queue, vault) that /readyz reports on.</summary>
public interface IReadinessProbe
{
    string Name { get; }

    /// <summary>Returns null when reachable, otherwise what is wrong (no secrets in the text).</summary>
    Task<string?> CheckAsync(CancellationToken cancellationToken);
}
