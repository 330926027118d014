namespace ChatNetOps.Azure.KeyVault;

using System.Text;

/// <summary>Inventory credential references to Key Vault secret names (1-127 of 0-9, a-z, A-Z and '-'): anything else becomes '-'.</summary>
internal static class KeyVaultSecretNames
{
    public static string For(string credentialRef)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(credentialRef);
        var builder = new StringBuilder(credentialRef.Length);
        foreach (var c in credentialRef.Trim())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-');
        }

        return builder.Length > 127 ? builder.ToString(0, 127) : builder.ToString();
    }
}
