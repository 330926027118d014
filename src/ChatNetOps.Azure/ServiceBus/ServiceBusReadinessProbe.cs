namespace ChatNetOps.Azure.ServiceBus;

using ChatNetOps.Core.Health;
using global::Azure.Identity;
using global::Azure.Messaging.ServiceBus;

/// <summary>
/// /readyz for both queues, as this process uses them: a queue it consumes is ready while its processor runs and has
/// not just reported the queue missing or the identity refused; a queue it only sends to is ready when a send link
/// opens (the bot sends jobs and the worker sends results, which is what each identity may do; infra/modules/servicebus.bicep).
/// </summary>
internal sealed class ServiceBusReadinessProbe(ServiceBusClients clients) : IReadinessProbe
{
    private static readonly TimeSpan RecentError = TimeSpan.FromMinutes(1);

    public string Name => "servicebus";

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in new[] { clients.Options.JobsQueue, clients.Options.ResultsQueue })
        {
            if (await CheckQueueAsync(queue, cancellationToken) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>One queue: its processor when this process consumes it, else a send link.</summary>
    internal async Task<string?> CheckQueueAsync(string queue, CancellationToken cancellationToken) =>
        clients.Consumer(queue) is { } consumer ? CheckConsumer(queue, consumer) : await CheckSenderAsync(queue, cancellationToken);

    private static string? Describe(string queue, Exception e) => e switch
    {
        ServiceBusException { Reason: ServiceBusFailureReason.MessagingEntityNotFound } => $"Service Bus queue '{queue}' does not exist",
        UnauthorizedAccessException => $"Service Bus refused the identity for queue '{queue}'",
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
