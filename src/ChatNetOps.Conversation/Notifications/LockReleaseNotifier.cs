namespace ChatNetOps.Conversation.Notifications;

using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Locks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// Tells each watcher once that the device lock they waited on is released: in the conversation they asked in, on its
/// platform (Teams, Slack, the console), naming them, the device, how the holding request ended and who holds the device
/// now, if anyone. Swept when the bot hears that a request ended (<see cref="ResultNotifier"/>) and right after a watch is
/// added; a watch is taken (deleted) before it is told, so racing replicas tell it once. A send that fails is logged and
/// not retried (the watcher can look with <c>locks</c>).
/// </summary>
/// <remarks>
/// The chat channels are resolved when the first notification is sent, not at construction: a channel (Slack's) is built
/// on the dialog, and the dialog's catalog handler holds this notifier, so taking them in the constructor is a cycle.
/// </remarks>
internal sealed class LockReleaseNotifier(LockWatchService watches, IServiceProvider services, ILogger<LockReleaseNotifier> logger)
{
    private IReadOnlyList<IChatChannel>? _resolved;

    private IReadOnlyList<IChatChannel> Channels => _resolved ??= [.. services.GetServices<IChatChannel>()];

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        foreach (var released in await watches.TakeReleasedAsync(cancellationToken))
        {
            var watch = released.Watch;
            var channel = Channels.FirstOrDefault(c => c.Platform == watch.Conversation.Platform);
            if (channel is null)
            {
                Log.NoChannelForLockRelease(logger, watch.Device, watch.Conversation.Platform.ToString());
                continue;
            }

            try
            {
                await channel.SendAsync(watch.Conversation, OutboundMessage.Plain(Text(released)), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.LockReleaseNotifyFailed(logger, e, watch.Device, watch.RequestId);
                continue;
            }

            await watches.RecordNotifiedAsync(released, cancellationToken);
        }
    }

    /// <summary>"Dana: dist-sw-01 is free — R-… (clear-ospf-neighbor) was rejected." or "… and is now locked by …".</summary>
    internal static string Text(ReleasedLock released)
    {
        ArgumentNullException.ThrowIfNull(released);
        var watch = released.Watch;
        var ended = released.Request is { } request
            ? $"{request.Id} ({request.Runbook}) released it: {Formats.StatusPhrase(request.Status)}"
            : $"{watch.RequestId} released it";
        return released.HeldNow is { } now
            ? $"{watch.Watcher.DisplayName}: the lock you waited on is released — {ended}. {watch.Device} is locked again, by {now.Owner.DisplayName} ({now.RequestId}, {now.Runbook})."
            : $"{watch.Watcher.DisplayName}: {watch.Device} is free — {ended}.";
    }
}
