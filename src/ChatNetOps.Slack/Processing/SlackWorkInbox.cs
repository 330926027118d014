namespace ChatNetOps.Slack.Processing;

using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChatNetOps.Core.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// The ack path's durable hand-off: a payload is recorded once (<see cref="SlackDeduplicator"/>) and put on the
/// <see cref="IChatWorkQueue"/> before Slack is answered, so a host that stops or dies after the answer loses nothing
/// and any replica processes it (<see cref="SlackWorkProcessor"/> completes it when done).
/// </summary>
/// <remarks>
/// Neither call is cancelled with the request: once a key is recorded its work must be queued, or a retry would be
/// dropped as a repeat. Should the queue fail after the key is recorded, the key is marked unqueued and the answer is
/// 503, and Slack's retry (the same key) is then queued in its place.
/// </remarks>
internal sealed class SlackWorkInbox(
    IChatWorkQueue queue,
    SlackDeduplicator dedup,
    TimeProvider time,
    IOptions<SlackOptions> options,
    ILogger<SlackWorkInbox> logger)
{
    public const string Platform = "slack";

    /// <summary>The queue the work goes to (and <see cref="SlackWorkProcessor"/> takes it from).</summary>
    public IChatWorkQueue Queue => queue;

    /// <summary>Queues <paramref name="work"/> once per <paramref name="key"/> (its repeat key), across replicas and restarts.</summary>
    public async Task<SlackAcceptance> AcceptAsync(string key, SlackWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            if (!await dedup.TryBeginAsync(key, CancellationToken.None) && !await dedup.TryResumeAsync(key, CancellationToken.None))
            {
                return SlackAcceptance.Repeat;
            }
        }
        catch (ChatStateUnavailableException failure)
        {
            Log.StateUnavailable(logger, failure, work.Kind);
            return SlackAcceptance.Unavailable;
        }

        try
        {
            await EnqueueAsync(key, work, CancellationToken.None);
            return SlackAcceptance.Queued;
        }
        catch (Exception failure)
        {
            Log.EnqueueFailed(logger, failure, work.Kind);
            try
            {
                await dedup.MarkUnqueuedAsync(key, CancellationToken.None);
            }
            catch (ChatStateUnavailableException lost)
            {
                Log.StateUnavailable(logger, lost, work.Kind);
            }

            return SlackAcceptance.Unavailable;
        }
    }

    /// <summary>Puts <paramref name="work"/> on the queue under the id derived from <paramref name="key"/> (a repeat of the id is a no-op).</summary>
    public Task EnqueueAsync(string key, SlackWork work, CancellationToken cancellationToken)
    {
        // The span the queued work continues on whichever replica takes it (the message carries its traceparent).
        using var activity = Telemetry.Source.StartActivity("slack.receive " + work.Kind, ActivityKind.Producer);
        var now = time.GetUtcNow();
        var message = new ChatWorkMessage(
            WorkId(key),
            Platform,
            work.Kind,
            JsonSerializer.Serialize(work, SlackWorkJsonContext.Default.SlackWork),
            now,
            Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null)
        {
            ExpiresAt = now + options.Value.WorkLifetime,
        };
        return queue.EnqueueAsync(message, cancellationToken);
    }

    /// <summary>The queue id of a repeat key: fixed length and free of Slack's characters, whatever the key.</summary>
    public static string WorkId(string key) => "slack-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
