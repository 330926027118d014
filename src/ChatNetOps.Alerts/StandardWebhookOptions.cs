namespace ChatNetOps.Alerts;

/// <summary>
/// <c>Alerts:Webhook</c>: a generic source signing per Standard Webhooks v1 with a <c>whsec_</c> secret (base64 of
/// 24 to 64 bytes after the prefix).
/// </summary>
public sealed class StandardWebhookOptions
{
    public const string SecretPrefix = "whsec_";

    public string? Secret { get; set; }

    public bool IsConfigured => !string.IsNullOrEmpty(Secret);
}
