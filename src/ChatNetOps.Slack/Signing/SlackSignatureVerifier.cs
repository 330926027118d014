namespace ChatNetOps.Slack.Signing;

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

/// <summary>
/// Slack's v0 request signature: <c>v0=hex(HMAC-SHA256(secret, "v0:{timestamp}:{raw body}"))</c>, compared in
/// constant time, with the timestamp within a tolerance of now. Fails closed: an empty secret never verifies.
/// </summary>
internal sealed class SlackSignatureVerifier
{
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string SignatureHeader = "X-Slack-Signature";

    private const string Version = "v0";
    private const int HashBytes = 32;

    private readonly byte[] _key;
    private readonly TimeSpan _tolerance;
    private readonly TimeProvider _time;

    public SlackSignatureVerifier(string signingSecret, TimeSpan tolerance, TimeProvider time)
    {
        if (string.IsNullOrEmpty(signingSecret))
        {
            throw new ArgumentException("Slack:SigningSecret is required when the Slack channel is enabled.", nameof(signingSecret));
        }

        _key = Encoding.UTF8.GetBytes(signingSecret);
        _tolerance = tolerance;
        _time = time;
    }

    /// <summary>
    /// What the headers alone can tell, before the body is read: <see cref="SignatureCheck.Valid"/> here only means
    /// "well-formed and fresh, worth reading the body for".
    /// </summary>
    public SignatureCheck CheckHeaders(string? timestamp, string? signature)
    {
        Span<byte> actual = stackalloc byte[HashBytes];
        return CheckHeaders(timestamp, signature, actual);
    }

    public SignatureCheck Verify(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        Span<byte> actual = stackalloc byte[HashBytes];
        var headers = CheckHeaders(timestamp, signature, actual);
        if (headers != SignatureCheck.Valid)
        {
            return headers;
        }

        Span<byte> expected = stackalloc byte[HashBytes];
        Compute(timestamp!, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, actual) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    private SignatureCheck CheckHeaders(string? timestamp, string? signature, Span<byte> actual)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return SignatureCheck.Missing;
        }

        if (timestamp.Length > 12 || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SignatureCheck.Malformed;
        }

        if (!TryParseSignature(signature, actual))
        {
            return SignatureCheck.Malformed;
        }

        var sent = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        return (_time.GetUtcNow() - sent).Duration() > _tolerance ? SignatureCheck.Stale : SignatureCheck.Valid;
    }

    /// <summary>The header value Slack would send for this body and timestamp (for tests and the load generator).</summary>
    public string Sign(string timestamp, ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[HashBytes];
        Compute(timestamp, body, hash);
        return Version + "=" + Convert.ToHexStringLower(hash);
    }

    private void Compute(string timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        Span<byte> prefix = stackalloc byte[Version.Length + 2 + timestamp.Length];
        var written = Encoding.ASCII.GetBytes($"{Version}:{timestamp}:", prefix);
        hmac.AppendData(prefix[..written]);
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }

    private static bool TryParseSignature(string signature, Span<byte> destination)
    {
        const string prefix = Version + "=";
        if (signature.Length != prefix.Length + (HashBytes * 2) || !signature.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        return Convert.FromHexString(signature.AsSpan(prefix.Length), destination, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == HashBytes;
    }
}
