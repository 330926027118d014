namespace ChatNetOps.Core.Queues;

public interface IJobQueue : IMessageQueue<JobMessage>
{
}
