namespace ChatNetOps.Execution.Tests.Jump;

/// <summary>Tests that share the jump host servers (and, where possible, network namespaces) of <see cref="JumpNetworkFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class JumpCollection : ICollectionFixture<JumpNetworkFixture>
{
    public const string Name = "jump hosts";
}
