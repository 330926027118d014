namespace ChatNetOps.Core.Queues;

/// <summary>
/// The durable hand-off between a chat adapter's acknowledgement and its processing (<see cref="ChatWorkMessage"/>):
/// enqueued before the platform is answered, completed when the work is done, redelivered to any replica when a
/// receiver's lock lapses.
/// </summary>
public interface IChatWorkQueue : IMessageQueue<ChatWorkMessage>
{
}
