namespace ChatNetOps.Execution.Tests.Ssh;

/// <summary>Tests that share one sshd on 127.0.0.1.</summary>
[CollectionDefinition(Name)]
public sealed class SshdCollection : ICollectionFixture<SshdFixture>
{
    public const string Name = "sshd";
}
