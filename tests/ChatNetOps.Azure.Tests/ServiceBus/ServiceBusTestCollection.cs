namespace ChatNetOps.Azure.Tests.ServiceBus;

[CollectionDefinition(Name)]
public sealed class ServiceBusTestCollection : ICollectionFixture<ServiceBusStandInFixture>
{
    public const string Name = "servicebus";
}
