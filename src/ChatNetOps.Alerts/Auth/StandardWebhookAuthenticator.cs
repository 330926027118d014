namespace ChatNetOps.Alerts.Auth;

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChatNetOps.Core.Alerts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using StandardWebhooks;

/// <summary>
/// Standard Webhooks v1 (spec/standard-webhooks.md): <c>webhook-id</c>, <c>webhook-timestamp</c> (Unix seconds,
/// within the tolerance of our clock) and <c>webhook-signature</c>, a space-separated list of
/// <c>v1,&lt;base64 HMAC-SHA256 of id.timestamp.body&gt;</c> of which one must match (key rotation). The expected
/// signature is computed by the <c>StandardWebhooks</c> package's <see cref="StandardWebhook.Sign"/>; the timestamp
/// check is ours, on the injected <see cref="TimeProvider"/> (the package's own <c>Verify</c> reads the system clock)
/// and the comparison is constant-time over the bytes. Only <c>v1</c> entries are considered.
/// </summary>
internal sealed class StandardWebhookAuthenticator(IOptions<AlertsOptions> options, TimeProvider time) : IAlertAuthenticator
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>The longest <c>webhook-id</c> accepted: it becomes the idempotency key.</summary>
    public const int MaxIdLength = 200;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public AlertSource Source => AlertSource.Webhook;

    public bool IsConfigured => options.Value.Webhook.IsConfigured;

    public Task<AlertAuthResult> CheckHeadersAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var id = request.Headers[IdHeader].ToString();
        var timestamp = request.Headers[TimestampHeader].ToString();
        var signature = request.Headers[SignatureHeader].ToString();
        if (id.Length == 0 || timestamp.Length == 0 || signature.Length == 0)
        {
            return Task.FromResult(AlertAuthResult.Refused("missing-signature-headers"));
        }

        if (id.Length > MaxIdLength || !id.All(c => c is > ' ' and < (char)127))
        {
            return Task.FromResult(AlertAuthResult.Refused("malformed-webhook-id"));
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253402300799)
        {
            return Task.FromResult(AlertAuthResult.Refused("malformed-timestamp"));
        }

        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        return Task.FromResult(age.Duration() > options.Value.TimestampTolerance ? AlertAuthResult.Refused("stale-timestamp") : AlertAuthResult.Accepted);
    }

    public AlertAuthResult CheckBody(HttpRequest request, byte[] body)
    {
        string payload;
        try
        {
            payload = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return AlertAuthResult.Refused("bad-signature");
        }

        var id = request.Headers[IdHeader].ToString();
        var seconds = long.Parse(request.Headers[TimestampHeader].ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
        var webhook = new StandardWebhook(StandardWebhookSecret.TryDecode(options.Value.Webhook.Secret!)!);
        var expected = Encoding.ASCII.GetBytes(webhook.Sign(id, DateTimeOffset.FromUnixTimeSeconds(seconds), payload));
        var matched = false;
        foreach (var entry in request.Headers[SignatureHeader].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.StartsWith("v1,", StringComparison.Ordinal))
            {
                matched |= CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(entry));
            }
        }

        return matched ? AlertAuthResult.Accepted : AlertAuthResult.Refused("bad-signature");
    }
}
