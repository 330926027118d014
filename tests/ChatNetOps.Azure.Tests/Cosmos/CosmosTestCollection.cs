namespace ChatNetOps.Azure.Tests.Cosmos;

/// <summary>Every Cosmos test class shares one test server process.</summary>
[CollectionDefinition(Name)]
public sealed class CosmosTestCollection : ICollectionFixture<CosmosTestServer>
{
    public const string Name = "cosmos";
}
