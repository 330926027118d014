namespace ChatNetOps.Azure.ServiceBus;

/// <summary>Produces the Authorization header value for Service Bus REST calls.</summary>
internal interface IServiceBusAuthorization
{
    string Scheme { get; }

    Task<string> GetHeaderValueAsync(CancellationToken cancellationToken);
}
