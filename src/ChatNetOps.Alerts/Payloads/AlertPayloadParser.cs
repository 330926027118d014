namespace ChatNetOps.Alerts.Payloads;

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ChatNetOps.Core.Alerts;

/// <summary>
/// Maps each source's body to an <see cref="AlertNotification"/>, or throws <see cref="AlertPayloadException"/> for a
/// body that will never be valid (not JSON of the shape, a required field missing, past a limit). The limits keep one
/// notification's record bounded whatever the source sends; label values are kept verbatim (they are escaped where
/// they are shown, and reach runbooks only through input validation).
/// </summary>
internal static class AlertPayloadParser
{
    public const int MaxAlerts = 1000;
    public const int MaxLabels = 64;
    public const int MaxKeyLength = 128;
    public const int MaxValueLength = 4096;
    public const int MaxKeyedLength = 1024;

    public static AlertNotification ParseAlertmanager(AlertSource source, byte[] body, DateTimeOffset now)
    {
        var payload = Deserialize(body, AlertsJsonContext.Default.AlertmanagerPayload);
        if (source == AlertSource.Alertmanager && payload.Version != "4")
        {
            throw new AlertPayloadException($"Only the Alertmanager webhook version \"4\" is understood, not {Quote(payload.Version)}.");
        }

        var groupKey = Required(payload.GroupKey, "groupKey");
        var alerts = payload.Alerts ?? throw new AlertPayloadException("The notification has no 'alerts' array.");
        if (alerts.Count > MaxAlerts)
        {
            throw new AlertPayloadException($"A notification carries at most {MaxAlerts} alerts; set max_alerts on the receiver.");
        }

        var items = new List<AlertItem>(alerts.Count);
        foreach (var alert in alerts)
        {
            if (alert is null)
            {
                throw new AlertPayloadException("An alert in 'alerts' is null.");
            }

            var labels = Labels(alert.Labels, "labels");
            var status = Status(alert.Status, "firing", "resolved");
            var startsAt = alert.StartsAt ?? throw new AlertPayloadException("An alert has no 'startsAt'.");
            var endsAt = alert.EndsAt is { Year: > 1 } ends ? ends : (DateTimeOffset?)null;
            var fingerprint = alert.Fingerprint is { Length: > 0 } f ? Bounded(f, "fingerprint", MaxKeyLength) : Fingerprint(labels);
            items.Add(new AlertItem(fingerprint, status, labels, Labels(alert.Annotations, "annotations"), startsAt, status == AlertStatus.Resolved ? endsAt : null)
            {
                GeneratorUrl = Url(alert.GeneratorUrl),
                DashboardUrl = Url(alert.DashboardUrl),
            });
        }

        if (items.Select(i => i.Fingerprint).Distinct(StringComparer.Ordinal).Count() != items.Count)
        {
            throw new AlertPayloadException("Two alerts of the notification share a fingerprint.");
        }

        var common = Labels(payload.CommonLabels, "commonLabels");
        var groupStatus = items.Any(i => i.Status == AlertStatus.Firing) ? AlertStatus.Firing : AlertStatus.Resolved;

        // The same group content is the same notification: an HA pair's duplicate or a retry is recorded once.
        var identity = new StringBuilder(groupKey);
        foreach (var item in items.OrderBy(i => i.Fingerprint, StringComparer.Ordinal))
        {
            identity.Append('\n').Append(item.Fingerprint).Append('|').Append(item.Status).Append('|')
                .Append(item.StartsAt.UtcTicks.ToString(CultureInfo.InvariantCulture)).Append('|')
                .Append(item.EndsAt?.UtcTicks.ToString(CultureInfo.InvariantCulture));
        }

        return new AlertNotification(source, Hash(identity.ToString()), groupKey, groupStatus, items, now)
        {
            Rule = common.GetValueOrDefault("alertname") ?? (payload.GroupLabels?.GetValueOrDefault("alertname") is { } name ? Bounded(name, "alertname", MaxValueLength) : null),
            CommonLabels = common,
            ExternalUrl = Url(payload.ExternalUrl),
        };
    }

    public static AlertNotification ParseAzureMonitor(byte[] body, DateTimeOffset now)
    {
        var payload = Deserialize(body, AlertsJsonContext.Default.AzureMonitorPayload);
        if (payload.SchemaId != AzureMonitorPayload.CommonSchemaId)
        {
            throw new AlertPayloadException($"Only the common alert schema ({AzureMonitorPayload.CommonSchemaId}) is understood; turn it on in the action group.");
        }

        var essentials = payload.Data?.Essentials ?? throw new AlertPayloadException("The alert has no 'data.essentials'.");
        var alertId = Required(essentials.AlertId, "essentials.alertId");
        var status = essentials.MonitorCondition switch
        {
            "Fired" => AlertStatus.Firing,
            "Resolved" => AlertStatus.Resolved,
            _ => throw new AlertPayloadException($"essentials.monitorCondition must be Fired or Resolved, not {Quote(essentials.MonitorCondition)}."),
        };
        var fired = essentials.FiredDateTime ?? throw new AlertPayloadException("The alert has no 'essentials.firedDateTime'.");

        var custom = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in payload.Data!.CustomProperties ?? [])
        {
            if (value is not null)
            {
                custom[key] = value;
            }
        }

        var labels = new Dictionary<string, string>(Labels(custom, "customProperties"), StringComparer.Ordinal);
        void Put(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                labels[key] = Bounded(value, key, MaxValueLength);
            }
        }

        Put("alertname", essentials.AlertRule);
        Put("severity", essentials.Severity);
        Put("signalType", essentials.SignalType);
        Put("monitoringService", essentials.MonitoringService);
        Put("targetResourceGroup", essentials.TargetResourceGroup);
        Put("targetResourceType", essentials.TargetResourceType);
        var items = (essentials.ConfigurationItems ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i!).ToArray();
        if (items.Length > MaxLabels)
        {
            throw new AlertPayloadException($"At most {MaxLabels} configurationItems are read.");
        }

        Put("configurationItems", string.Join(',', items));
        if (items.Length == 1 && !labels.ContainsKey("device"))
        {
            Put("device", items[0]);
        }

        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(essentials.Description))
        {
            annotations["summary"] = Bounded(essentials.Description, "description", MaxValueLength);
        }

        var ends = status == AlertStatus.Resolved ? essentials.ResolvedDateTime ?? now : (DateTimeOffset?)null;
        var item = new AlertItem(Hash(alertId), status, labels, annotations, fired, ends);
        var id = Hash(alertId + "|" + essentials.MonitorCondition + "|" + fired.UtcTicks.ToString(CultureInfo.InvariantCulture));
        return new AlertNotification(AlertSource.AzureMonitor, id, alertId, status, [item], now)
        {
            Rule = labels.GetValueOrDefault("alertname"),
            CommonLabels = Labels(custom, "customProperties"),
        };
    }

    public static AlertNotification ParseWebhook(byte[] body, string webhookId, DateTimeOffset now)
    {
        var payload = Deserialize(body, AlertsJsonContext.Default.GenericWebhookPayload);
        var data = payload.Data ?? throw new AlertPayloadException("The event has no 'data'.");
        var externalId = Bounded(Required(data.ExternalId, "data.externalId"), "data.externalId", MaxKeyLength);
        var status = data.Status is not null
            ? Status(data.Status, "firing", "resolved")
            : payload.Type switch
            {
                "alert.fired" => AlertStatus.Firing,
                "alert.resolved" => AlertStatus.Resolved,
                _ => throw new AlertPayloadException("The event needs data.status (firing or resolved) or type alert.fired / alert.resolved."),
            };
        var source = data.Source is { Length: > 0 } s ? Bounded(s, "data.source", MaxKeyLength) : "webhook";
        var labels = new Dictionary<string, string>(Labels(data.Labels, "data.labels"), StringComparer.Ordinal);
        void Put(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                labels[key] = Bounded(value, key, MaxValueLength);
            }
        }

        Put("source", source);
        Put("severity", data.Severity);
        Put("device", data.Device);
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(data.Summary))
        {
            annotations["summary"] = Bounded(data.Summary, "data.summary", MaxValueLength);
        }

        var at = payload.Timestamp ?? now;
        var item = new AlertItem(externalId, status, labels, annotations, at, status == AlertStatus.Resolved ? at : null) { GeneratorUrl = Url(data.Url) };
        return new AlertNotification(AlertSource.Webhook, webhookId, source + ":" + externalId, status, [item], now)
        {
            Rule = labels.GetValueOrDefault("alertname") ?? source,
        };
    }

    private static T Deserialize<T>(byte[] body, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(body, type) ?? throw new AlertPayloadException("The body is JSON null.");
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 0 } path ? $" at {path}" : string.Empty;
            throw new AlertPayloadException($"The body is not JSON of the expected shape{where}.");
        }
    }

    private static Dictionary<string, string> Labels(Dictionary<string, string>? labels, string field)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (labels is null)
        {
            return result;
        }

        if (labels.Count > MaxLabels)
        {
            throw new AlertPayloadException($"'{field}' has {labels.Count} entries; at most {MaxLabels} are accepted.");
        }

        foreach (var (key, value) in labels)
        {
            if (key.Length is 0 or > MaxKeyLength || key.Any(char.IsControl))
            {
                throw new AlertPayloadException($"'{field}' has a name that is empty, longer than {MaxKeyLength} characters or holds control characters.");
            }

            result[key] = Bounded(value ?? string.Empty, field, MaxValueLength);
        }

        return result;
    }

    private static AlertStatus Status(string? value, string firing, string resolved) =>
        value == firing ? AlertStatus.Firing
        : value == resolved ? AlertStatus.Resolved
        : throw new AlertPayloadException($"An alert's status must be {firing} or {resolved}, not {Quote(value)}.");

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new AlertPayloadException($"'{field}' is required.") : Bounded(value, field, MaxKeyedLength);

    private static string Bounded(string value, string field, int max) =>
        value.Length <= max ? value : throw new AlertPayloadException($"'{field}' is longer than {max} characters.");

    /// <summary>An http(s) link, or nothing: any other scheme (javascript:, data:, …) never reaches a card.</summary>
    private static string? Url(string? value) =>
        value is { Length: > 0 and <= MaxKeyedLength } && Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri
            : null;

    private static string Fingerprint(IReadOnlyDictionary<string, string> labels) =>
        Hash(string.Join('\n', labels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)))[..16];

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static string Quote(string? value) => value is null ? "nothing" : "\"" + (value.Length > 40 ? value[..40] + "…" : value) + "\"";
}
