namespace ChatNetOps.Conversation.Rendering;

using System.Globalization;
using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Alerts;
using ChatNetOps.Core.Incidents;
using static ChatNetOps.Conversation.Rendering.CardData;

/// <summary>
/// The alert card of an incident (cards/alert-incident.json; data contract in cards/README.md). Label values are bound
/// as plain text: the template pipeline makes them literal for Teams Markdown (<see cref="CardText"/>) and the Slack
/// renderer escapes them for mrkdwn, so a label cannot form a link, a mention or formatting. Links are shown only when
/// they are absolute http(s) URLs without credentials (<see cref="SafeUrl"/>).
/// </summary>
public sealed class AlertCards(CardTemplates templates, TimeProvider time)
{
    /// <summary>Names shown before "and N more".</summary>
    public const int SummarisedNames = 3;

    private const int MaxLinks = 2;
    private const int MaxValue = 200;

    public OutboundMessage Render(AlertCardModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var incident = model.Incident;
        var alerts = model.Groups.SelectMany(g => g.Alerts.Values)
            .OrderBy(a => a.Status == AlertStatus.Firing ? 0 : 1)
            .ThenBy(a => a.StartsAt)
            .ThenBy(a => a.Fingerprint, StringComparer.Ordinal)
            .ToArray();
        var firing = alerts.Count(a => a.Status == AlertStatus.Firing);
        var status = firing > 0 ? "firing" : "resolved";
        var devices = alerts.Where(a => a.Device is not null).Select(a => a.Device!).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var severity = Severity(incident);
        var data = new JsonObject
        {
            ["incidentId"] = incident.Id,
            ["title"] = Cut(incident.Title, MaxValue),
            ["status"] = status,
            ["state"] = incident.State == IncidentState.Open ? "open" : "closed",
            ["firing"] = firing,
            ["resolved"] = alerts.Length - firing,
            ["severity"] = severity,
            ["source"] = Summarise(model.Groups.Select(g => g.Source.ToString().ToLowerInvariant()).Distinct().ToArray()),
            ["rule"] = Value(Summarise(model.Groups.Select(g => g.Rule).OfType<string>().Distinct(StringComparer.Ordinal).ToArray())),
            ["route"] = model.Route.Name,
            ["service"] = Value(model.Route.Service),
            ["environment"] = Value(model.Route.Environment),
            ["site"] = Value(Summarise(alerts.Select(a => a.Labels.GetValueOrDefault("site")).OfType<string>().Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToArray())),
            ["alerts"] = Value(Summarise(alerts.Select(Name).Distinct(StringComparer.Ordinal).ToArray())),
            ["devices"] = devices.Length > 0 ? Summarise(devices) : "none resolved" + (model.Route.HasAnyDeviceScope ? string.Empty : "; the route covers " + Scope(model.Route)),
            ["firedAt"] = alerts.Length == 0 ? Formats.Time(incident.OpenedAt) : Formats.Time(alerts.Min(a => a.StartsAt)),
            ["lastChanges"] = new JsonArray([.. model.LastChanges.Take(SummarisedNames * 2).Select(c => (JsonNode?)new JsonObject
            {
                ["device"] = c.Device,
                ["runbook"] = c.Runbook,
                ["result"] = c.Result,
                ["when"] = Formats.Time(c.At),
                ["requester"] = c.Requester,
                ["approver"] = c.Approver ?? "nobody",
                ["requestId"] = c.RequestId,
            })]),
            ["lastChangesNote"] = devices.Length == 0 ? "No device is known, so no last change is shown." : "No state-changing run on these devices in the audit trail.",
            ["links"] = new JsonArray([.. Links(model).Select(l => (JsonNode?)new JsonObject { ["title"] = l.Title, ["url"] = l.Url })]),
        };
        if (firing == 0 && alerts.Length > 0 && alerts.Where(a => a.EndsAt is not null).Select(a => a.EndsAt!.Value).DefaultIfEmpty().Max() is var ended && ended != default)
        {
            data["resolvedAt"] = Formats.Time(ended);
        }

        if (model.ChangeWindow is { } window)
        {
            data["changeWindow"] = Cut(window, MaxValue);
        }

        if (model.FirstStep is { } step)
        {
            data["firstStep"] = FirstStep(step, incident);
        }

        var text = string.Create(CultureInfo.InvariantCulture,
            $"{incident.Id} {status.ToUpperInvariant()}: {Cut(incident.Title, MaxValue)} · severity {severity["text"]} · {firing} firing, {alerts.Length - firing} resolved · devices: {data["devices"]}");
        return templates.CardMessage(CardNames.AlertIncident, data, text);
    }

    /// <summary>"a, b, c and 37 more" (the first <see cref="SummarisedNames"/>), "a, b and c", "a", or empty.</summary>
    public static string Summarise(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var cut = names.Select(n => Cut(Printable(n), 60)).ToArray();
        return cut.Length switch
        {
            0 => string.Empty,
            1 => cut[0],
            _ when cut.Length <= SummarisedNames + 1 => string.Join(", ", cut[..^1]) + " and " + cut[^1],
            _ => string.Join(", ", cut[..SummarisedNames]) + string.Create(CultureInfo.InvariantCulture, $" and {cut.Length - SummarisedNames} more"),
        };
    }

    /// <summary>The URL when it is an absolute http or https URL without user credentials, at most 2,000 characters; else null.</summary>
    public static string? SafeUrl(string? url) =>
        url is { Length: > 0 and <= 2000 }
        && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.UserInfo.Length == 0
        && !string.IsNullOrEmpty(uri.Host)
            ? uri.AbsoluteUri
            : null;

    private JsonObject Severity(Incident incident)
    {
        var now = time.GetUtcNow();
        if (incident.PendingSeverity is { } pending && pending.ExpiresAt > now)
        {
            return new JsonObject
            {
                ["text"] = string.Create(CultureInfo.InvariantCulture,
                    $"{pending.To} proposed by {pending.ProposedBy.DisplayName} (now {pending.From}); waiting for a confirmer until {Formats.Time(pending.ExpiresAt)}"),
                ["from"] = pending.From,
                ["to"] = pending.To,
                ["hash"] = pending.Hash,
            };
        }

        var text = incident.DecidedSeverity switch
        {
            { Decision: { Approved: true } d } => string.Create(CultureInfo.InvariantCulture, $"{incident.Severity}, confirmed by {d.By.DisplayName} at {Formats.Time(d.At)}"),
            { Decision: { } d } => string.Create(CultureInfo.InvariantCulture, $"{incident.Severity} (the proposal was rejected by {d.By.DisplayName})"),
            { ExpiredAt: not null } expired => string.Create(CultureInfo.InvariantCulture, $"{incident.Severity} (the proposal of {expired.To} expired unconfirmed)"),
            _ when incident.PendingSeverity is { } expired => string.Create(CultureInfo.InvariantCulture, $"{incident.Severity} (the proposal of {expired.To} expired unconfirmed)"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{incident.Severity} (proposed by the alert; nothing to confirm)"),
        };
        return new JsonObject { ["text"] = text };
    }

    private static JsonObject FirstStep(AlertFirstStep step, Incident incident)
    {
        var on = step.Device is null ? string.Empty : " on " + step.Device;
        if (step.AutoRunRequestId is { } requestId)
        {
            return new JsonObject { ["text"] = $"{step.Runbook}{on} was requested automatically as {requestId} (read-only); its result follows here." };
        }

        if (step.Device is null && step.Choices.Count > 0)
        {
            // No alert names a device of the route: the route's devices to pick from, and a Run button that takes the pick.
            var pick = new JsonObject();
            foreach (var (name, value) in step.Inputs.Where(p => !string.Equals(p.Key, "device", StringComparison.OrdinalIgnoreCase)).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                pick[name] = value;
            }

            pick["runbook"] = step.Runbook;
            pick["incidentId"] = incident.Id;
            return new JsonObject
            {
                ["text"] = $"{step.Runbook}: {step.Problem ?? "no device is known"}. Pick one of the route's devices to run it on, for members granted to run it.",
                ["button"] = Cut($"Run {step.Runbook}", 60),
                ["choices"] = new JsonArray([.. step.Choices.Select(d => (JsonNode?)new JsonObject { ["title"] = d, ["value"] = d })]),
                ["pick"] = pick,
            };
        }

        if (step.Problem is { } problem || step.Device is null)
        {
            return new JsonObject { ["text"] = $"{step.Runbook}: {step.Problem ?? "no device is known"}. Run it with a device from the chat." };
        }

        var payload = new JsonObject();
        foreach (var (name, value) in step.Inputs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            payload[name] = value;
        }

        payload["runbook"] = step.Runbook;
        payload["device"] = step.Device;
        payload["incidentId"] = incident.Id;
        var inputs = step.Inputs.Where(p => !string.Equals(p.Key, "device", StringComparison.OrdinalIgnoreCase)).Select(p => $"{p.Key} {Cut(p.Value, 60)}").ToArray();
        return new JsonObject
        {
            ["text"] = $"{step.Runbook}{on}{(inputs.Length == 0 ? string.Empty : " (" + string.Join(", ", inputs) + ")")}, for members granted to run it here.",
            ["button"] = Cut($"Run {step.Runbook}{on}", 60),
            ["data"] = payload,
        };
    }

    private static IEnumerable<(string Title, string Url)> Links(AlertCardModel model)
    {
        var links = new List<(string, string)>();
        var alerts = model.Groups.SelectMany(g => g.Alerts.Values).OrderBy(a => a.Status == AlertStatus.Firing ? 0 : 1).ToArray();
        if (alerts.Select(a => SafeUrl(a.GeneratorUrl)).FirstOrDefault(u => u is not null) is { } generator)
        {
            links.Add(("Source", generator));
        }

        if (alerts.Select(a => SafeUrl(a.DashboardUrl)).FirstOrDefault(u => u is not null) is { } dashboard)
        {
            links.Add(("Dashboard", dashboard));
        }

        return links.Distinct().Take(MaxLinks);
    }

    private static string Name(TrackedAlert alert)
    {
        var what = alert.Device ?? alert.Labels.GetValueOrDefault("device") ?? alert.Labels.GetValueOrDefault("instance") ?? alert.Labels.GetValueOrDefault("alertname") ?? alert.Fingerprint;
        return alert.Labels.GetValueOrDefault("ifName") is { Length: > 0 } interfaceName ? what + " " + interfaceName : what;
    }

    private static string Scope(Core.Alerts.Routing.AlertRoute route) =>
        Summarise([.. route.DeviceGroups.Select(g => "group " + g), .. route.DeviceNames]);

    private static string Value(string? value) => string.IsNullOrWhiteSpace(value) ? "-" : Cut(Printable(value), MaxValue);

    /// <summary>Control characters (a label's newline, escape, bell) become spaces: one value stays one line.</summary>
    private static string Printable(string value) =>
        value.AsSpan().IndexOfAnyInRange('\0', '\u001f') < 0 && !value.Contains('\u007f', StringComparison.Ordinal) && !value.Any(char.IsControl)
            ? value
            : new string([.. value.Select(c => char.IsControl(c) ? ' ' : c)]);
}
