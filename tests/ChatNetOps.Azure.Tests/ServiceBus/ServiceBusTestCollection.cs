namespace ChatNetOps.Azure.Tests.ServiceBus;

[CollectionDefinition(Name)]
public sealed class ServiceBusTestCollection : ICollectionFixture<ServiceBusBrokerFixture>
{
    public const string Name = "servicebus";
}
