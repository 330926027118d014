namespace ChatNetOps.Alerts.Tests.Peer;

using System.Threading.Channels;
using ChatNetOps.Core.Alerts;

/// <summary>The host's own group store, reporting every group it stores so a test can wait for a state with a timeout.</summary>
internal sealed class ObservedGroupStore(IAlertGroupStore inner) : IAlertGroupStore
{
    private readonly Channel<AlertGroup> _saved = Channel.CreateUnbounded<AlertGroup>();

    public Task<AlertGroup?> GetAsync(AlertSource source, string groupKey, CancellationToken cancellationToken) => inner.GetAsync(source, groupKey, cancellationToken);

    public async Task<AlertGroup?> TryCreateAsync(AlertGroup group, CancellationToken cancellationToken) => Report(await inner.TryCreateAsync(group, cancellationToken));

    public async Task<AlertGroup?> TryReplaceAsync(AlertGroup updated, string expectedETag, CancellationToken cancellationToken) =>
        Report(await inner.TryReplaceAsync(updated, expectedETag, cancellationToken));

    /// <summary>The first stored group state that satisfies <paramref name="condition"/>, within <paramref name="timeout"/>.</summary>
    public async Task<AlertGroup> WaitForAsync(Func<AlertGroup, bool> condition, TimeSpan timeout, Func<string> describe)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var group = await _saved.Reader.ReadAsync(deadline.Token);
                if (condition(group))
                {
                    return group;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No alert group reached the expected state within {timeout}. {describe()}");
        }
    }

    private AlertGroup? Report(AlertGroup? saved)
    {
        if (saved is not null)
        {
            _saved.Writer.TryWrite(saved);
        }

        return saved;
    }
}
