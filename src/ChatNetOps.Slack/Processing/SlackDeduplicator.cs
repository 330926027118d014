namespace ChatNetOps.Slack.Processing;

using System.Globalization;
using ChatNetOps.Core.Channels;

/// <summary>
/// Remembers what was already accepted (Events API event_id, an interaction's action_ts, a view's id+hash) for
/// <see cref="Retention"/> in the shared <see cref="IChatStateStore"/>, so Slack's retries and repeated payloads are
/// processed once whichever replica they land on, and across restarts. There is no per-process shortcut: the first
/// sighting of a key has to reach the store anyway, and "not seen here" says nothing about the other replicas.
/// </summary>
internal sealed class SlackDeduplicator(IChatStateStore store, TimeProvider time)
{
    public const string KeyPrefix = "slack:seen:";

    /// <summary>Marks a key whose first sighting could not be queued (<see cref="MarkUnqueuedAsync"/>).</summary>
    public const string UnqueuedPrefix = "slack:unqueued:";

    /// <summary>Marks the one repeat that took the place of an unqueued first sighting (<see cref="TryResumeAsync"/>).</summary>
    public const string ResumedPrefix = "slack:resumed:";

    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(15);

    /// <summary>True for exactly one caller, across replicas, the first time a key is seen within <see cref="Retention"/>.</summary>
    /// <exception cref="ChatStateUnavailableException">The store failed; whether the key was seen is unknown.</exception>
    public Task<bool> TryBeginAsync(string key, CancellationToken cancellationToken) => TryAddAsync(KeyPrefix + key, cancellationToken);

    /// <summary>
    /// The first sighting of <paramref name="key"/> was recorded but its work could not be queued (the queue failed,
    /// the answer was 503): remembers that, so Slack's retry is queued instead of dropped as a repeat.
    /// </summary>
    /// <exception cref="ChatStateUnavailableException">The store failed too; the retry will be dropped.</exception>
    public Task MarkUnqueuedAsync(string key, CancellationToken cancellationToken) => TryAddAsync(UnqueuedPrefix + key, cancellationToken);

    /// <summary>
    /// For a repeat of <paramref name="key"/>: true for exactly one caller when the first sighting was never queued
    /// (<see cref="MarkUnqueuedAsync"/>), so that this repeat is queued in its place; false for an ordinary repeat.
    /// </summary>
    /// <exception cref="ChatStateUnavailableException">The store failed; whether the first sighting was queued is unknown.</exception>
    public async Task<bool> TryResumeAsync(string key, CancellationToken cancellationToken)
    {
        string? unqueued;
        try
        {
            unqueued = await store.GetAsync(UnqueuedPrefix + key, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new ChatStateUnavailableException($"The chat state store failed while reading Slack key '{key}'.", e);
        }

        return unqueued is not null && await TryAddAsync(ResumedPrefix + key, cancellationToken);
    }

    private async Task<bool> TryAddAsync(string key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            return await store.TryAddAsync(key, now.ToString("O", CultureInfo.InvariantCulture), now + Retention, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new ChatStateUnavailableException($"The chat state store failed while recording Slack key '{key}'.", e);
        }
    }
}
