namespace ChatNetOps.Core.Alerts;

/// <summary>Alert groups and their incidents, with optimistic concurrency (the same contract as incidents).</summary>
public interface IAlertGroupStore
{
    Task<AlertGroup?> GetAsync(AlertSource source, string groupKey, CancellationToken cancellationToken);

    /// <summary>Creates the group; null when it already exists.</summary>
    Task<AlertGroup?> TryCreateAsync(AlertGroup group, CancellationToken cancellationToken);

    /// <summary>Conditional replace; null when the ETag is stale.</summary>
    Task<AlertGroup?> TryReplaceAsync(AlertGroup updated, string expectedETag, CancellationToken cancellationToken);
}
