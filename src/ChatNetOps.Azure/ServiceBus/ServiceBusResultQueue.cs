namespace ChatNetOps.Azure.ServiceBus;

using ChatNetOps.Core;
using ChatNetOps.Core.Queues;
using Microsoft.Extensions.Logging;

/// <summary>The results queue: MessageId = result message id, CorrelationId = request id.</summary>
internal sealed class ServiceBusResultQueue(ServiceBusClients clients, string queue, TimeProvider time, ILogger<ServiceBusResultQueue> logger)
    : ServiceBusMessageQueue<ResultMessage>(clients, queue, CoreJsonContext.Default.ResultMessage, time, logger), IResultQueue
{
    protected override string Label => "result";

    protected override string IdOf(ResultMessage message) => message.MessageId;

    protected override string? CorrelationIdOf(ResultMessage message) => message.RequestId;

    protected override string? TraceParentOf(ResultMessage message) => message.TraceParent;
}
