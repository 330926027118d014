namespace ChatNetOps.Alerts;

using ChatNetOps.Alerts.Auth;
using Microsoft.Extensions.Options;

/// <summary>Refuses, at start, a half-configured endpoint: the messages say which key to set.</summary>
internal sealed class AlertsOptionsValidator : IValidateOptions<AlertsOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertsOptions options)
    {
        var failures = new List<string>();
        var am = options.Alertmanager;
        if (string.IsNullOrEmpty(am.Username) != string.IsNullOrEmpty(am.Password))
        {
            failures.Add("Alerts:Alertmanager:Username and Alerts:Alertmanager:Password are set together (basic auth) or not at all.");
        }

        if (am.BearerToken is { Length: > 0 and < 16 })
        {
            failures.Add("Alerts:Alertmanager:BearerToken must be at least 16 characters; generate a random one.");
        }

        if (options.ProcessingAttempts is < 1 or > 100)
        {
            failures.Add("Alerts:ProcessingAttempts must be between 1 and 100.");
        }

        if (options.CardUpdateGap < TimeSpan.Zero || options.CardUpdateGap > TimeSpan.FromMinutes(1))
        {
            failures.Add($"Alerts:CardUpdateGap must be between 00:00:00 and 00:01:00 (it is {options.CardUpdateGap}).");
        }

        var azure = options.AzureMonitor;
        if (azure.UsesSecureWebhook && string.IsNullOrWhiteSpace(azure.Audience))
        {
            failures.Add("Alerts:AzureMonitor:Audience (the app registration's application id URI or client id) is required with Alerts:AzureMonitor:TenantId.");
        }

        if (azure.UsesSecureWebhook && !Guid.TryParse(azure.TenantId, out _))
        {
            failures.Add("Alerts:AzureMonitor:TenantId must be the Entra ID tenant's GUID.");
        }

        if (!string.IsNullOrWhiteSpace(azure.Audience) && !azure.UsesSecureWebhook)
        {
            failures.Add("Alerts:AzureMonitor:TenantId is required with Alerts:AzureMonitor:Audience.");
        }

        if (string.IsNullOrEmpty(azure.Username) != string.IsNullOrEmpty(azure.Password))
        {
            failures.Add("Alerts:AzureMonitor:Username and Alerts:AzureMonitor:Password are set together (the plain webhook's basic auth) or not at all.");
        }

        if (azure.UsesSecureWebhook && (string.IsNullOrWhiteSpace(azure.Role) || string.IsNullOrWhiteSpace(azure.ClientId)))
        {
            failures.Add("Alerts:AzureMonitor:Role and Alerts:AzureMonitor:ClientId must not be empty; leave them unset for the defaults.");
        }

        var grafana = options.Grafana;
        if (grafana.Secret is { Length: > 0 and < 16 })
        {
            failures.Add("Alerts:Grafana:Secret must be at least 16 characters; generate a random one.");
        }

        if (!grafana.IsConfigured && (!string.IsNullOrWhiteSpace(grafana.SignatureHeader) || !string.IsNullOrWhiteSpace(grafana.TimestampHeader)))
        {
            failures.Add("Alerts:Grafana:Secret is required with Alerts:Grafana:SignatureHeader or Alerts:Grafana:TimestampHeader (the headers name where the HMAC and its timestamp are; without the secret the endpoint refuses everything).");
        }

        foreach (var (key, header) in new[] { ("SignatureHeader", grafana.SignatureHeader), ("TimestampHeader", grafana.TimestampHeader) })
        {
            if (!string.IsNullOrWhiteSpace(header) && !header.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                failures.Add($"Alerts:Grafana:{key} must be an HTTP header name (letters, digits, '-' and '_'), as set on the contact point.");
            }
        }

        if (options.Webhook.IsConfigured && StandardWebhookSecret.TryDecode(options.Webhook.Secret!) is null)
        {
            failures.Add("Alerts:Webhook:Secret must be 'whsec_' followed by the base64 of 24 to 64 random bytes.");
        }

        if (options.TimestampTolerance <= TimeSpan.Zero || options.TimestampTolerance > TimeSpan.FromMinutes(15))
        {
            failures.Add("Alerts:TimestampTolerance must be more than zero and at most 00:15:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
