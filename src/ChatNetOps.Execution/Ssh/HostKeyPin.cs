namespace ChatNetOps.Execution.Ssh;

using System.Security.Cryptography;

/// <summary>SSH host key fingerprints in the form <c>ssh-keygen -lf</c> prints: <c>SHA256:</c> + unpadded base64.</summary>
internal static class HostKeyPin
{
    public const string Prefix = "SHA256:";

    public static string Fingerprint(byte[] hostKeyBlob) =>
        Prefix + Convert.ToBase64String(SHA256.HashData(hostKeyBlob)).TrimEnd('=');

    /// <summary>True when <paramref name="actual"/> equals the pinned value (padding and prefix case tolerated).</summary>
    public static bool Matches(string? pinned, string actual)
    {
        if (string.IsNullOrWhiteSpace(pinned))
        {
            return false;
        }

        return string.Equals(Normalize(pinned), Normalize(actual), StringComparison.Ordinal);
    }

    private static string Normalize(string value)
    {
        var v = value.Trim();
        if (v.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            v = v[Prefix.Length..];
        }

        return v.TrimEnd('=');
    }
}
