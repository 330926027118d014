namespace ChatNetOps.Conversation.Notifications;

using System.Collections.Concurrent;

/// <summary>
/// Tells a <see cref="ResultNotifier"/> on this host, at once, that an adapter attached a request's card
/// (<see cref="Dialog.DialogService.AttachMessageAsync"/>), so a result that waits for its card goes out as soon as the
/// card is posted. Another replica's attachment is found by reading the card store again.
/// </summary>
internal sealed class RequestCardSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    /// <summary>Completes when <see cref="Attached"/> is called for <paramref name="requestId"/> after this call.</summary>
    internal Task NextAttachment(string requestId) =>
        _waiting.GetOrAdd(requestId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>The request's card is saved: wakes whoever waits for it.</summary>
    internal void Attached(string requestId)
    {
        if (_waiting.TryRemove(requestId, out var waiting))
        {
            waiting.TrySetResult();
        }
    }

    /// <summary>Nobody waits for the request's card any more.</summary>
    internal void Forget(string requestId)
    {
        if (_waiting.TryRemove(requestId, out var waiting))
        {
            waiting.TrySetCanceled();
        }
    }
}
