namespace ChatNetOps.ScaleOut.Tests;

/// <summary>The scale-out tests share one deployment (Cosmos test server, Service Bus broker, two worker processes) and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ScaleOutCollection : ICollectionFixture<ScaleOutFixture>
{
    public const string Name = "scale-out";
}
