namespace ChatNetOps.Testing.Audit;

using System.Security.Cryptography;
using ChatNetOps.Core.Audit.Checkpoints;

/// <summary>A checkpoint key ring holding one fixed key (random unless given): what the key file or Key Vault secret provide.</summary>
public sealed class StaticAuditKeyRing(AuditKey key) : IAuditKeyRing
{
    public StaticAuditKeyRing()
        : this(Random())
    {
    }

    public AuditKey Key => key;

    public string Description => "test key ring";

    public static AuditKey Random()
    {
        var material = RandomNumberGenerator.GetBytes(32);
        return new AuditKey("test-" + AuditKey.Fingerprint(material), material);
    }

    public Task<AuditKey> GetSigningKeyAsync(CancellationToken cancellationToken) => Task.FromResult(key);

    public Task<AuditKey?> FindAsync(string keyId, CancellationToken cancellationToken) =>
        Task.FromResult(string.Equals(keyId, key.Id, StringComparison.Ordinal) ? key : null);
}
