namespace ChatNetOps.Alerts.Auth;

using System.Security.Cryptography;
using System.Text;

/// <summary>Constant-time comparisons of presented credentials with configured ones (hashed first, so lengths leak nothing either).</summary>
internal static class SharedSecret
{
    public static bool Matches(string? presented, string? expected)
    {
        if (string.IsNullOrEmpty(presented) || string.IsNullOrEmpty(expected))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    /// <summary>True when the header is <c>Basic base64(user:password)</c> with exactly these credentials.</summary>
    public static bool BasicMatches(string scheme, string parameter, string? username, string? password)
    {
        if (!scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(password))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, true).GetString(Convert.FromBase64String(parameter));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        // Both compared whatever the first gives, so timing does not tell which one was wrong.
        var user = Matches(decoded[..colon], username);
        var pass = Matches(decoded[(colon + 1)..], password);
        return user & pass;
    }

    /// <summary>Splits <c>Authorization: &lt;scheme&gt; &lt;parameter&gt;</c>; false when it is not that shape.</summary>
    public static bool TrySplitAuthorization(string header, out string scheme, out string parameter)
    {
        scheme = parameter = string.Empty;
        var parts = header.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            return false;
        }

        scheme = parts[0];
        parameter = parts[1];
        return true;
    }
}
