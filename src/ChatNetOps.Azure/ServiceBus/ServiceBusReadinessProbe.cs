namespace ChatNetOps.Azure.ServiceBus;

using ChatNetOps.Core.Health;
using global::Azure.Identity;
using global::Azure.Messaging.ServiceBus;

/// <summary>
/// /readyz for the queues this process uses: the jobs and results queues, and any other it has made a queue for (the
/// bot's chat-work queue once Slack takes its work from it). A queue it consumes with a processor is ready while the
/// processor runs and has not just reported the queue missing or the identity refused. Any other queue is ready when a
/// send link opens and its last receive, if it receives from it, did not find the queue missing or the identity
/// refused (the bot sends jobs and the worker sends results; the bot sends to and receives from chat-work, which is
/// what each identity may do; infra/modules/servicebus.bicep).
/// </summary>
internal sealed class ServiceBusReadinessProbe(ServiceBusClients clients) : IReadinessProbe
{
    private static readonly TimeSpan RecentError = TimeSpan.FromMinutes(1);

    public string Name => "servicebus";

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in new[] { clients.Options.JobsQueue, clients.Options.ResultsQueue }.Concat(clients.OpenQueues).Distinct(StringComparer.Ordinal))
        {
            if (await CheckQueueAsync(queue, cancellationToken) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>One queue: its processor when this process consumes it, else its last receive and a send link.</summary>
    internal async Task<string?> CheckQueueAsync(string queue, CancellationToken cancellationToken) =>
        clients.Consumer(queue) is { } consumer
            ? CheckConsumer(queue, consumer)
            : CheckReceiver(queue) ?? await CheckSenderAsync(queue, cancellationToken);

    private static string? Describe(string queue, Exception e, string use = "for") => e switch
    {
        ServiceBusException { Reason: ServiceBusFailureReason.MessagingEntityNotFound } => $"Service Bus queue '{queue}' does not exist",
        UnauthorizedAccessException => $"Service Bus refused the identity {use} queue '{queue}'",
        ServiceBusException sb => $"Service Bus queue '{queue}': {sb.Reason}",
        _ => $"Service Bus is not reachable for queue '{queue}': {e.GetType().Name}",
    };

    private string? CheckConsumer(string queue, ServiceBusClients.ConsumerState consumer)
    {
        if (!consumer.Processor.IsProcessing)
        {
            return $"Service Bus processor for queue '{queue}' has stopped";
        }

        return consumer.LastError is { Reason: ServiceBusFailureReason.MessagingEntityNotFound or ServiceBusFailureReason.MessagingEntityDisabled } error
            && clients.Time.GetUtcNow() - consumer.LastErrorAt < RecentError
            ? Describe(queue, error)
            : null;
    }

    /// <summary>A receive on the queue recently found it missing or disabled, or the identity refused (no Receiver role).</summary>
    private string? CheckReceiver(string queue) =>
        clients.Queue(queue)?.LastReceiveError is { } last
            && clients.Time.GetUtcNow() - last.At < RecentError
            && last.Error is UnauthorizedAccessException or AuthenticationFailedException
                or ServiceBusException { Reason: ServiceBusFailureReason.MessagingEntityNotFound or ServiceBusFailureReason.MessagingEntityDisabled }
            ? Describe(queue, last.Error, "receiving from")
            : null;

    private async Task<string?> CheckSenderAsync(string queue, CancellationToken cancellationToken)
    {
        try
        {
            using var batch = await clients.Sender(queue).CreateMessageBatchAsync(cancellationToken);
            return null;
        }
        catch (Exception e) when (e is ServiceBusException or UnauthorizedAccessException or AuthenticationFailedException or CredentialUnavailableException or TimeoutException)
        {
            return Describe(queue, e);
        }
    }
}
