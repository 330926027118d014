namespace ChatNetOps.Azure.Tests.ServiceBus;

[CollectionDefinition(Name)]
public sealed class LiveServiceBusCollection : ICollectionFixture<LiveServiceBusFixture>
{
    public const string Name = "servicebus-live";
}
