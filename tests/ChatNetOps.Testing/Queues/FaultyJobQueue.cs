namespace ChatNetOps.Testing.Queues;

using ChatNetOps.Core.Queues;

/// <summary>A job queue whose receives fail (see <see cref="FaultyQueue{TMessage}"/>).</summary>
public sealed class FaultyJobQueue : FaultyQueue<JobMessage>, IJobQueue;
