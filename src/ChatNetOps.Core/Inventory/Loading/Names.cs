namespace ChatNetOps.Core.Inventory.Loading;

using System.Text.RegularExpressions;

/// <summary>Spelling rules for names that travel through chat and into templates.</summary>
internal static partial class Names
{
    /// <summary>Device, group, runbook, role and member names: safe characters only, starting with a letter or digit.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\\z", RegexOptions.CultureInvariant)]
    public static partial Regex Identifier();

    /// <summary>Input names, usable as <c>{placeholder}</c>.</summary>
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,31}\\z", RegexOptions.CultureInvariant)]
    public static partial Regex InputName();

    [GeneratedRegex("^SHA256:[A-Za-z0-9+/]{43}\\z", RegexOptions.CultureInvariant)]
    public static partial Regex SshFingerprint();

    [GeneratedRegex("^[0-9A-Fa-f]{64}\\z", RegexOptions.CultureInvariant)]
    public static partial Regex Sha256Hex();

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?\\z", RegexOptions.CultureInvariant)]
    public static partial Regex HostName();

    [GeneratedRegex("^[UW][A-Z0-9]{2,31}\\z", RegexOptions.CultureInvariant)]
    public static partial Regex SlackUserId();

    [GeneratedRegex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+\\z", RegexOptions.CultureInvariant)]
    public static partial Regex Email();

    /// <summary>Characters allowed in an input value (<see cref="InputValidator.SafeCharacters"/>).</summary>
    [GeneratedRegex("^[A-Za-z0-9_./:-]+\\z", RegexOptions.CultureInvariant)]
    public static partial Regex SafeValue();

    public const string IdentifierRule = "letters, digits, '_', '.' and '-', starting with a letter or digit, at most 64";
}
