namespace ChatNetOps.Testing.Queues;

using ChatNetOps.Core.Queues;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Time.Testing;

/// <summary>The <see cref="IResultQueue"/> contract: the peek-lock contract over result messages.</summary>
public abstract class ResultQueueContract : MessageQueueContract<ResultMessage>
{
    protected override ResultMessage NewMessage(string id, FakeTimeProvider time) =>
        TestData.Result(id, RequestStatus.Succeeded, time.GetUtcNow().ToOffset(TimeSpan.FromHours(-4)));

    protected override string IdOf(ResultMessage message) => message.MessageId;
}
