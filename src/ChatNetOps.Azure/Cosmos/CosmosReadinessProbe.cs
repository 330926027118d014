namespace ChatNetOps.Azure.Cosmos;

using ChatNetOps.Core.Health;

/// <summary>/readyz: the Cosmos DB account answers and the database exists.</summary>
internal sealed class CosmosReadinessProbe(CosmosContainers containers) : IReadinessProbe
{
    public string Name => "cosmos";

    public Task<string?> CheckAsync(CancellationToken cancellationToken) => containers.CheckAsync(cancellationToken);
}
