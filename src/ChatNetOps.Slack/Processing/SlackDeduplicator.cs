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

    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(15);

    /// <summary>True for exactly one caller, across replicas, the first time a key is seen within <see cref="Retention"/>.</summary>
    /// <exception cref="ChatStateUnavailableException">The store failed; whether the key was seen is unknown.</exception>
    public async Task<bool> TryBeginAsync(string key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            return await store.TryAddAsync(KeyPrefix + key, now.ToString("O", CultureInfo.InvariantCulture), now + Retention, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new ChatStateUnavailableException($"The chat state store failed while recording Slack key '{key}'.", e);
        }
    }
}
