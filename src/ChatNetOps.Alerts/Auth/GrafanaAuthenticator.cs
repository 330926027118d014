namespace ChatNetOps.Alerts.Auth;

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChatNetOps.Core.Alerts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

/// <summary>
/// Grafana's webhook HMAC (grafana/alerting <c>http/hmac.go</c>): lowercase hex HMAC-SHA256 with the configured
/// secret over the body, or over <c>"&lt;unix seconds&gt;:" + body</c> when a timestamp header is configured, in which
/// case the timestamp must also be within the tolerance. The signature header is the configured one, or either of
/// the two names Grafana's docs and code use.
/// </summary>
internal sealed class GrafanaAuthenticator(IOptions<AlertsOptions> options, TimeProvider time) : IAlertAuthenticator
{
    public AlertSource Source => AlertSource.Grafana;

    public bool IsConfigured => options.Value.Grafana.IsConfigured;

    public Task<AlertAuthResult> CheckHeadersAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value.Grafana;
        if (Signature(request, settings) is not { } signature)
        {
            return Task.FromResult(AlertAuthResult.Refused("no-signature"));
        }

        if (signature.Length != 64 || !signature.All(char.IsAsciiHexDigit))
        {
            return Task.FromResult(AlertAuthResult.Refused("malformed-signature"));
        }

        if (settings.TimestampHeader is { Length: > 0 } timestampHeader)
        {
            var value = request.Headers[timestampHeader].ToString();
            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253402300799)
            {
                return Task.FromResult(AlertAuthResult.Refused("no-timestamp"));
            }

            if ((time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > options.Value.TimestampTolerance)
            {
                return Task.FromResult(AlertAuthResult.Refused("stale-timestamp"));
            }
        }

        return Task.FromResult(AlertAuthResult.Accepted);
    }

    public AlertAuthResult CheckBody(HttpRequest request, byte[] body)
    {
        var settings = options.Value.Grafana;
        var presented = Convert.FromHexString(Signature(request, settings)!);
        var key = Encoding.UTF8.GetBytes(settings.Secret!);
        byte[] expected;
        if (settings.TimestampHeader is { Length: > 0 } timestampHeader)
        {
            var prefix = Encoding.ASCII.GetBytes(request.Headers[timestampHeader].ToString() + ":");
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            hmac.AppendData(prefix);
            hmac.AppendData(body);
            expected = hmac.GetHashAndReset();
        }
        else
        {
            expected = HMACSHA256.HashData(key, body);
        }

        return CryptographicOperations.FixedTimeEquals(expected, presented) ? AlertAuthResult.Accepted : AlertAuthResult.Refused("bad-signature");
    }

    private static string? Signature(HttpRequest request, GrafanaOptions settings)
    {
        foreach (var name in settings.SignatureHeaders)
        {
            var value = request.Headers[name].ToString();
            if (value.Length > 0)
            {
                return value;
            }
        }

        return null;
    }
}
