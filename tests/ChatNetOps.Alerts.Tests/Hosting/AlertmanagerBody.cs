namespace ChatNetOps.Alerts.Tests.Hosting;

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

/// <summary>Builds Alertmanager webhook bodies (version 4, the field set of notify/webhook/webhook.go) for one group.</summary>
public sealed class AlertmanagerBody(string groupKey = "{}/{team=\"netops\"}:{alertname=\"InterfaceDown\"}")
{
    private readonly List<JsonObject> _alerts = [];

    public AlertmanagerBody Firing(string fingerprint, DateTimeOffset startsAt, string device, string summary = "port3 down", string alertname = "InterfaceDown", string severity = "critical") =>
        Add(fingerprint, "firing", startsAt, null, device, summary, alertname, severity);

    public AlertmanagerBody Resolved(string fingerprint, DateTimeOffset startsAt, DateTimeOffset endsAt, string device, string summary = "port3 down", string alertname = "InterfaceDown", string severity = "critical") =>
        Add(fingerprint, "resolved", startsAt, endsAt, device, summary, alertname, severity);

    /// <summary>Sets a label of the alert added last.</summary>
    public AlertmanagerBody WithLabel(string name, string value)
    {
        _alerts[^1]["labels"]![name] = value;
        return this;
    }

    /// <summary>Sets a field of the alert added last (generatorURL, an annotation object …).</summary>
    public AlertmanagerBody With(string field, JsonNode? value)
    {
        _alerts[^1][field] = value;
        return this;
    }

    public byte[] Build()
    {
        var firing = _alerts.Any(a => (string?)a["status"] == "firing");
        var body = new JsonObject
        {
            ["version"] = "4",
            ["groupKey"] = groupKey,
            ["truncatedAlerts"] = 0,
            ["status"] = firing ? "firing" : "resolved",
            ["receiver"] = "chatnetops",
            ["groupLabels"] = new JsonObject { ["alertname"] = "InterfaceDown" },
            ["commonLabels"] = new JsonObject { ["team"] = "netops" },
            ["commonAnnotations"] = new JsonObject(),
            ["externalURL"] = "http://alertmanager.example.net:9093",
            ["alerts"] = new JsonArray([.. _alerts.Select(a => (JsonNode?)a.DeepClone())]),
        };
        return JsonSerializer.SerializeToUtf8Bytes(body);
    }

    private AlertmanagerBody Add(string fingerprint, string status, DateTimeOffset startsAt, DateTimeOffset? endsAt, string device, string summary, string alertname, string severity)
    {
        _alerts.Add(new JsonObject
        {
            ["status"] = status,
            ["labels"] = new JsonObject { ["alertname"] = alertname, ["device"] = device, ["team"] = "netops", ["severity"] = severity, ["ifName"] = "port3" },
            ["annotations"] = new JsonObject { ["summary"] = summary },
            ["startsAt"] = startsAt.ToString("O", CultureInfo.InvariantCulture),
            ["endsAt"] = endsAt?.ToString("O", CultureInfo.InvariantCulture) ?? "0001-01-01T00:00:00Z",
            ["generatorURL"] = "http://prometheus.example.net:9090/graph?g0.expr=up",
            ["fingerprint"] = fingerprint,
        });
        return this;
    }
}
