namespace ChatNetOps.Azure.ServiceBus;

using ChatNetOps.Core;
using ChatNetOps.Core.Queues;
using Microsoft.Extensions.Logging;

/// <summary>The jobs queue: MessageId = job id (duplicate detection), CorrelationId = request id, TimeToLive = the job's expiry.</summary>
internal sealed class ServiceBusJobQueue(ServiceBusClients clients, string queue, TimeProvider time, ILogger<ServiceBusJobQueue> logger)
    : ServiceBusMessageQueue<JobMessage>(clients, queue, CoreJsonContext.Default.JobMessage, time, logger), IJobQueue
{
    protected override string Label => "job";

    protected override string IdOf(JobMessage message) => message.JobId;

    protected override string? CorrelationIdOf(JobMessage message) => message.RequestId;

    protected override string? TraceParentOf(JobMessage message) => message.TraceParent;

    protected override DateTimeOffset? ExpiresAt(JobMessage message) => message.ExpiresAt;
}
