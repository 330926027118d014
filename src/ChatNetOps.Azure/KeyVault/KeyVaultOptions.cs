namespace ChatNetOps.Azure.KeyVault;

using System.ComponentModel.DataAnnotations;

/// <summary>The Key Vault that holds device credentials, one secret per inventory credential reference.</summary>
public sealed class KeyVaultOptions
{
    public const string SectionName = "KeyVault";

    /// <summary>The vault URI, e.g. <c>https://contoso-chatnetops.vault.azure.net/</c>.</summary>
    [Required(ErrorMessage = "KeyVault:Uri is required when Credentials:Provider is KeyVault: set it to https://<vault>.vault.azure.net/.")]
    public Uri? Uri { get; set; }

    /// <summary>How long a resolved credential is kept in memory before Key Vault is asked again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "KeyVault:CacheDuration must be between 0 and 1 hour.")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Tests only: skip the check that the vault's authentication challenge names a vault resource (needed for 127.0.0.1).</summary>
    public bool DisableChallengeResourceVerification { get; set; }

    /// <summary>Tests only: accept the local stand-in's self-signed certificate.</summary>
    public bool AcceptAnyServerCertificate { get; set; }
}
