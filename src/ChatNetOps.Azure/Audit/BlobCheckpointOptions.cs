namespace ChatNetOps.Azure.Audit;

using System.ComponentModel.DataAnnotations;

/// <summary>
/// The Blob container audit checkpoints are appended to (section <c>Audit:Checkpoints:Blob</c>), under a version-level
/// immutability (WORM) policy (infra/modules/audit.bicep): each checkpoint is one blob, created once and never
/// overwritten or deleted while the retention lasts. The identity is the hosts' (managed identity in Azure), with the
/// Storage Blob Data Contributor role on the container.
/// </summary>
public sealed class BlobCheckpointOptions
{
    public const string SectionName = "Audit:Checkpoints:Blob";

    /// <summary>The Blob service endpoint, e.g. <c>https://staudit….blob.core.windows.net/</c>.</summary>
    [Required(ErrorMessage = "Audit:Checkpoints:Blob:ServiceUri is required when Audit:Checkpoints:Provider is Blob: set it to https://<account>.blob.core.windows.net/.")]
    public Uri? ServiceUri { get; set; }

    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Audit:Checkpoints:Blob:Container must be a valid container name (3-63 lowercase letters, digits and single hyphens).")]
    public string Container { get; set; } = "audit-checkpoints";

    /// <summary>Blob names are <c>{Prefix}{position:D12}.json</c>.</summary>
    [RegularExpression("^([A-Za-z0-9_.-]+/)*$", ErrorMessage = "Audit:Checkpoints:Blob:Prefix must be empty or folder names ending in '/'.")]
    public string Prefix { get; set; } = "checkpoints/";

    /// <summary>Create the container when it is missing (the storage emulator; in Azure infra/ creates it with its policy).</summary>
    public bool CreateContainer { get; set; }

    /// <summary>Storage emulator only: the account's shared key (Azurite's well-known key). In Azure shared keys are off; the identity is used.</summary>
    public string? AccountKey { get; set; }

    /// <summary>Storage emulator only: the account name that goes with <see cref="AccountKey"/> (e.g. <c>devstoreaccount1</c>).</summary>
    public string? AccountName { get; set; }
}
