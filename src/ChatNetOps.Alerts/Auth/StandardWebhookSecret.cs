namespace ChatNetOps.Alerts.Auth;

/// <summary>A Standard Webhooks secret: <c>whsec_</c> and the base64 of 24 to 64 bytes.</summary>
internal static class StandardWebhookSecret
{
    public static byte[]? TryDecode(string secret)
    {
        if (!secret.StartsWith(StandardWebhookOptions.SecretPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var buffer = new byte[64];
        return Convert.TryFromBase64String(secret[StandardWebhookOptions.SecretPrefix.Length..], buffer, out var length) && length >= 24
            ? buffer[..length]
            : null;
    }
}
