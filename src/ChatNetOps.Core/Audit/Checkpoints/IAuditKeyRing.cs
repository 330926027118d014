namespace ChatNetOps.Core.Audit.Checkpoints;

/// <summary>
/// Where checkpoint keys come from: somewhere the audit store's administrators cannot read (a key file beside, not inside,
/// the embedded database; a Key Vault secret only the bot and worker identities can read).
/// </summary>
public interface IAuditKeyRing
{
    /// <summary>Where the keys are, for the startup log and error messages (a path or a vault URI; never key material).</summary>
    string Description { get; }

    /// <summary>The key new checkpoints are made with.</summary>
    Task<AuditKey> GetSigningKeyAsync(CancellationToken cancellationToken);

    /// <summary>The key a checkpoint names, or null when this ring does not have it.</summary>
    Task<AuditKey?> FindAsync(string keyId, CancellationToken cancellationToken);
}
