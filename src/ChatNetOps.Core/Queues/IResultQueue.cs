namespace ChatNetOps.Core.Queues;

public interface IResultQueue : IMessageQueue<ResultMessage>
{
}
