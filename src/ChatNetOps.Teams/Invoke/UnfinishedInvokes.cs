namespace ChatNetOps.Teams.Invoke;

using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;

/// <summary>
/// Card actions that Teams already got a "working on it" answer for and that are still running. A stopping host lets
/// them finish (until its shutdown timeout, <see cref="Microsoft.Extensions.Hosting.HostOptions.ShutdownTimeout"/>)
/// instead of cancelling them the moment it is asked to stop: the answer promised the card would update.
/// </summary>
internal sealed class UnfinishedInvokes : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _abort = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    /// <summary>Fires only when the host's shutdown timeout runs out with work still running.</summary>
    public CancellationToken Aborted => _abort.Token;

    /// <summary>How many are running now.</summary>
    public int Count => _running.Count;

    /// <summary>Keeps <paramref name="work"/> until it ends, so a stopping host waits for it.</summary>
    public void Track(Task work)
    {
        ArgumentNullException.ThrowIfNull(work);
        _running.TryAdd(work, 0);
        _ = work.ContinueWith(done => _running.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(_running.Keys).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
        }
    }

    public void Dispose() => _abort.Dispose();
}
