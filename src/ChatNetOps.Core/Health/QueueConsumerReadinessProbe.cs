namespace ChatNetOps.Core.Health;

/// <summary>/readyz: not ready while a queue consumer of this process keeps failing to receive (see <see cref="QueueConsumerHealth"/>).</summary>
public sealed class QueueConsumerReadinessProbe(QueueConsumerHealth health) : IReadinessProbe
{
    public string Name => "consumers";

    public Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var problems = health.Problems();
        return Task.FromResult(problems.Count == 0 ? null : string.Join("; ", problems));
    }
}
