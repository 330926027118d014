namespace ChatNetOps.Azure.Audit;

using System.ComponentModel.DataAnnotations;

/// <summary>
/// The Key Vault secret holding the audit checkpoint key (section <c>Audit:Key:KeyVault</c>): a vault of its own
/// (infra/modules/audit.bicep) where only the bot and worker identities may read it. Every version stays readable, so
/// checkpoints made before a rotation still verify; new checkpoints use the current version.
/// </summary>
public sealed class KeyVaultAuditKeyOptions
{
    public const string SectionName = "Audit:Key:KeyVault";

    [Required(ErrorMessage = "Audit:Key:KeyVault:Uri is required when Audit:Key:Provider is KeyVault: set it to https://<vault>.vault.azure.net/.")]
    public Uri? Uri { get; set; }

    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[0-9A-Za-z-]{1,127}$", ErrorMessage = "Audit:Key:KeyVault:SecretName must be a Key Vault secret name (letters, digits, hyphens).")]
    public string SecretName { get; set; } = "audit-checkpoint-key";

    /// <summary>Tests only: skip the check that the vault's authentication challenge names a vault resource (needed for 127.0.0.1).</summary>
    public bool DisableChallengeResourceVerification { get; set; }

    /// <summary>Tests only: accept the local stand-in's self-signed certificate.</summary>
    public bool AcceptAnyServerCertificate { get; set; }
}
