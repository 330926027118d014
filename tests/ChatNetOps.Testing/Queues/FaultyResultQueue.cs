namespace ChatNetOps.Testing.Queues;

using ChatNetOps.Core.Queues;

/// <summary>A result queue whose receives fail (see <see cref="FaultyQueue{TMessage}"/>).</summary>
public sealed class FaultyResultQueue : FaultyQueue<ResultMessage>, IResultQueue;
