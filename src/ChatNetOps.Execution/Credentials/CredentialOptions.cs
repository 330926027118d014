namespace ChatNetOps.Execution.Credentials;

using System.ComponentModel.DataAnnotations;

/// <summary>Where the embedded credential provider reads device secrets.</summary>
public sealed class CredentialOptions
{
    public const string SectionName = "Credentials";

    /// <summary>A JSON secrets file (mode 600); relative paths are relative to the working directory. A missing file is fine.</summary>
    [Required]
    public string File { get; set; } = "secrets/credentials.json";
}
