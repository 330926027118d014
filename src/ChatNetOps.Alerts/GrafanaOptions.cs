namespace ChatNetOps.Alerts;

/// <summary>
/// <c>Alerts:Grafana</c>: the webhook contact point's HMAC-SHA256 signature (lowercase hex) over the body, or over
/// <c>"&lt;unix seconds&gt;:" + body</c> when a timestamp header is configured on both sides. Grafana's docs name the
/// signature header <c>X-Grafana-Alerting-Signature</c> and its code <c>X-Grafana-Alert-Signature</c>: unless
/// <see cref="SignatureHeader"/> names one, both are accepted.
/// </summary>
public sealed class GrafanaOptions
{
    public static readonly IReadOnlyList<string> DefaultSignatureHeaders = ["X-Grafana-Alerting-Signature", "X-Grafana-Alert-Signature"];

    public string? Secret { get; set; }

    public string? SignatureHeader { get; set; }

    /// <summary>When set, the timestamp header is required and signed, and must be within the tolerance.</summary>
    public string? TimestampHeader { get; set; }

    public bool IsConfigured => !string.IsNullOrEmpty(Secret);

    public IReadOnlyList<string> SignatureHeaders => string.IsNullOrWhiteSpace(SignatureHeader) ? DefaultSignatureHeaders : [SignatureHeader];
}
