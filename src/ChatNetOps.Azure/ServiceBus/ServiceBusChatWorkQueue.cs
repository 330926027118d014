namespace ChatNetOps.Azure.ServiceBus;

using System.Diagnostics;
using ChatNetOps.Core;
using ChatNetOps.Core.Queues;
using Microsoft.Extensions.Logging;

/// <summary>
/// The chat-work queue, the bot's durable hand-off between acknowledging a chat payload and processing it:
/// MessageId = work id (duplicate detection drops a second enqueue of one payload), TimeToLive = the work's expiry,
/// Subject = <c>platform/kind</c> (<c>slack/slash_command</c>) and CorrelationId = the trace id of the request that
/// brought the payload, so a dead letter can be matched with its logs and traces.
/// </summary>
internal sealed class ServiceBusChatWorkQueue(ServiceBusClients clients, string queue, TimeProvider time, ILogger<ServiceBusChatWorkQueue> logger)
    : ServiceBusMessageQueue<ChatWorkMessage>(clients, queue, CoreJsonContext.Default.ChatWorkMessage, time, logger), IChatWorkQueue
{
    protected override string Label => "chat-work";

    protected override string IdOf(ChatWorkMessage message) => message.WorkId;

    /// <summary>No request exists yet when work is acknowledged; the trace id is what its logs carry.</summary>
    protected override string? CorrelationIdOf(ChatWorkMessage message) =>
        ActivityContext.TryParse(message.TraceParent, null, out var context) ? context.TraceId.ToHexString() : null;

    protected override string? TraceParentOf(ChatWorkMessage message) => message.TraceParent;

    protected override DateTimeOffset? ExpiresAt(ChatWorkMessage message) => message.ExpiresAt;

    protected override string SubjectOf(ChatWorkMessage message) => $"{message.Platform}/{message.Kind}";
}
