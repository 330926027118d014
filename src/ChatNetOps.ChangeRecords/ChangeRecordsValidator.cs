namespace ChatNetOps.ChangeRecords;

using ChatNetOps.ChangeRecords.Jira;
using ChatNetOps.ChangeRecords.ServiceNow;
using ChatNetOps.ChangeRecords.Webhooks;
using ChatNetOps.Core.ChangeRecords;
using Microsoft.Extensions.Options;

/// <summary>Checks at start that the chosen sink has what it needs; every message says which setting to fix (and never echoes a secret).</summary>
internal sealed class ChangeRecordsValidator(IOptions<ServiceNowOptions> serviceNow, IOptions<JiraOptions> jira, IOptions<WebhookOptions> webhook) : IValidateOptions<ChangeRecordOptions>
{
    public ValidateOptionsResult Validate(string? name, ChangeRecordOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        try
        {
            options.SubscribedEvents();
        }
        catch (InvalidOperationException e)
        {
            failures.Add(e.Message);
        }

        switch (options.Sink.Trim().ToUpperInvariant())
        {
            case "" or "NONE":
                break;
            case "SERVICENOW":
                ServiceNow(serviceNow.Value, failures);
                break;
            case "JIRA":
                Jira(jira.Value, failures);
                break;
            case "WEBHOOK":
                Webhook(webhook.Value, failures);
                break;
            default:
                failures.Add($"ChangeRecords:Sink is '{options.Sink}'; use ServiceNow, Jira, Webhook or None.");
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>An absolute https URL (http only on loopback); <paramref name="example"/> is one that fits the sink.</summary>
    private static void Url(Uri? url, string key, string example, List<string> failures)
    {
        if (url is not { IsAbsoluteUri: true } || (url.Scheme != Uri.UriSchemeHttps && !url.IsLoopback))
        {
            failures.Add($"{key} must be an absolute https URL (http only on 127.0.0.1), e.g. {example}.");
        }
    }

    private static void ServiceNow(ServiceNowOptions o, List<string> failures)
    {
        Url(o.InstanceUrl, "ChangeRecords:ServiceNow:InstanceUrl", "https://example.service-now.com", failures);
        if (!string.IsNullOrEmpty(o.ClientId))
        {
            if (string.IsNullOrEmpty(o.ClientSecret))
            {
                failures.Add("ChangeRecords:ServiceNow:ClientSecret is required with ClientId (set it in Key Vault or the environment: ChangeRecords__ServiceNow__ClientSecret).");
            }
        }
        else if (string.IsNullOrEmpty(o.Username) || string.IsNullOrEmpty(o.Password))
        {
            failures.Add("ServiceNow needs credentials: ChangeRecords:ServiceNow:ClientId and ClientSecret (OAuth client credentials), or Username and Password (basic); secrets from Key Vault or the environment.");
        }

        if (o.ChangeType.ToLowerInvariant() is not ("emergency" or "normal" or "standard"))
        {
            failures.Add($"ChangeRecords:ServiceNow:ChangeType is '{o.ChangeType}'; use emergency, normal or standard.");
        }
        else if (o.ChangeType.Equals("standard", StringComparison.OrdinalIgnoreCase) && string.IsNullOrEmpty(o.StandardTemplate))
        {
            failures.Add("ChangeRecords:ServiceNow:StandardTemplate (the standard change template's sys_id) is required when ChangeType is standard.");
        }
    }

    private static void Jira(JiraOptions o, List<string> failures)
    {
        Url(o.BaseUrl, "ChangeRecords:Jira:BaseUrl", "https://example.atlassian.net", failures);
        if (string.IsNullOrEmpty(o.BearerToken) && (string.IsNullOrEmpty(o.Email) || string.IsNullOrEmpty(o.ApiToken)))
        {
            failures.Add("Jira needs credentials: ChangeRecords:Jira:Email and ApiToken, or BearerToken (OAuth); secrets from Key Vault or the environment.");
        }

        if (string.IsNullOrWhiteSpace(o.Project))
        {
            failures.Add("ChangeRecords:Jira:Project (the project key, e.g. NET) is required.");
        }

        if (string.IsNullOrWhiteSpace(o.IssueType) || string.IsNullOrWhiteSpace(o.CloseTransition))
        {
            failures.Add("ChangeRecords:Jira:IssueType and CloseTransition must not be empty.");
        }
    }

    private static void Webhook(WebhookOptions o, List<string> failures)
    {
        Url(o.Url, "ChangeRecords:Webhook:Url", "https://hooks.example.net/chatnetops", failures);
        if (string.IsNullOrEmpty(o.Secret) || !o.Secret.StartsWith("whsec_", StringComparison.Ordinal) || !IsBase64(o.Secret["whsec_".Length..], out var length) || length is < 24 or > 64)
        {
            failures.Add("ChangeRecords:Webhook:Secret must be 'whsec_' followed by 24 to 64 random bytes in base64 (Standard Webhooks), e.g. from: openssl rand -base64 32.");
        }
    }

    private static bool IsBase64(string text, out int length)
    {
        var buffer = new byte[text.Length];
        var ok = Convert.TryFromBase64String(text, buffer, out length);
        return ok;
    }
}
