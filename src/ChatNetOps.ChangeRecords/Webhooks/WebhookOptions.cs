namespace ChatNetOps.ChangeRecords.Webhooks;

/// <summary><c>ChangeRecords:Webhook</c>: where each event is posted and the Standard Webhooks secret (<c>whsec_</c> + base64) it is signed with.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "ChangeRecords:Webhook";

    public Uri? Url { get; set; }

    public string? Secret { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
