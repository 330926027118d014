namespace ChatNetOps.Core.Locks;

using ChatNetOps.Core.Requests;

/// <summary>
/// Someone refused by a device lock who asked to be told when that lock is released: the device, the request whose lock
/// they wait on, who they are and the conversation to tell them in. One per (device, request, watcher).
/// </summary>
public sealed record LockWatch(string Device, string RequestId, Actor Watcher, ConversationRef Conversation, DateTimeOffset CreatedAt)
{
    /// <summary>The watcher's identity in the key: platform and user id (a policy member may use several platforms).</summary>
    public string WatcherKey => $"{Watcher.Platform}:{Watcher.UserId}";
}
