namespace ChatNetOps.ChangeRecords;

using System.Globalization;
using System.Text;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Core.Requests;

/// <summary>The curated record in plain text: the ticket's summary and description, one note per event, and the close.</summary>
internal static class ChangeRecordText
{
    /// <summary>ServiceNow journal fields hold 4,000 characters.</summary>
    public const int MaxNote = 4000;

    public static string Summary(ChangeRecordContext context) =>
        Clip($"{context.IncidentId}: {context.Incident?.Title ?? "incident"} (ChatNetOps)", 160);

    /// <param name="withoutCi">Devices the ticket cannot list as configuration items (no CI in the inventory); named in the text.</param>
    public static string Description(ChangeRecordContext context, IReadOnlyList<string>? withoutCi = null)
    {
        var text = new StringBuilder();
        var incident = context.Incident;
        text.Append(CultureInfo.InvariantCulture, $"Incident: {context.IncidentId}");
        if (incident is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" — {incident.Title} (severity {incident.Severity})\n");
            text.Append(CultureInfo.InvariantCulture, $"Opened by: {incident.OpenedBy} at {incident.OpenedAt:u}\n");
        }
        else
        {
            text.Append('\n');
        }

        var runs = context.Requests;
        text.Append(CultureInfo.InvariantCulture, $"Devices: {Join(runs.SelectMany(r => r.Targets))}\n");
        text.Append(CultureInfo.InvariantCulture, $"Runbooks: {Join(runs.Select(r => r.Runbook))}\n");
        text.Append(CultureInfo.InvariantCulture, $"Requesters: {Join(runs.Select(r => r.Requester.ToString()))}\n");
        text.Append(CultureInfo.InvariantCulture, $"Approvers: {Join(runs.Where(r => r.Decision is not null).Select(r => r.Decision!.By.ToString()))}\n");
        AppendWithoutCi(text, withoutCi);
        if (withoutCi is { Count: > 0 })
        {
            text.Append('\n');
        }

        text.Append("Created by ChatNetOps from the incident's audit trail; each step follows as a work note.\n");
        text.Append(context.Marker);
        return Clip(text.ToString(), MaxNote);
    }

    /// <param name="withoutCi">Devices of the event the ticket cannot list as configuration items; named in the note.</param>
    public static string Note(ChangeRecordContext context, IReadOnlyList<string>? withoutCi = null)
    {
        var e = context.Event;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{context.Marker} {e.Kind} at {e.Timestamp:u} by {e.Actor}");
        if (e.Runbook is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nRunbook: {e.Runbook}");
        }

        if (e.Device is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nDevice: {e.Device}");
        }

        if (e.RequestId is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nRequest: {e.RequestId}");
        }

        foreach (var (key, value) in e.Details.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{key}: {value}");
        }

        if (withoutCi is { Count: > 0 })
        {
            text.Append('\n');
            AppendWithoutCi(text, withoutCi);
        }

        if (e.MessageLink is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nChat: {e.MessageLink}");
        }

        text.Append(CultureInfo.InvariantCulture, $"\nAudit hash: {e.Hash}");
        return Clip(text.ToString(), MaxNote);
    }

    /// <summary>Successful / Successful with issues / Unsuccessful, from the incident's state-changing runs.</summary>
    public static string CloseCode(ChangeRecordContext context)
    {
        var finished = context.Requests.Where(r => r.Result is not null || r.Status is RequestStatus.Failed or RequestStatus.TimedOut or RequestStatus.Interrupted).ToArray();
        if (finished.Length == 0 || finished.All(r => r.Status == RequestStatus.Succeeded))
        {
            return "Successful";
        }

        return finished.Any(r => r.Status == RequestStatus.Succeeded) ? "Successful with issues" : "Unsuccessful";
    }

    public static string CloseNotes(ChangeRecordContext context)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{context.Marker} {context.IncidentId} closed at {context.Event.Timestamp:u} by {context.Event.Actor}.\n");
        if (context.Event.Details.TryGetValue("resolution", out var resolution))
        {
            text.Append(CultureInfo.InvariantCulture, $"Resolution: {resolution}\n");
        }

        foreach (var run in context.Requests.OrderBy(r => r.CreatedAt))
        {
            text.Append(CultureInfo.InvariantCulture, $"- {run.Id} {run.Runbook} on {string.Join(", ", run.Targets)}: {run.Status}");
            if (run.Result is { } result)
            {
                text.Append(CultureInfo.InvariantCulture, $" (rc {result.ReturnCode}, output sha256 {result.OutputSha256})");
            }

            text.Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"Full record: chatnetops incident export {context.IncidentId} (audit chain verified there).");
        return Clip(text.ToString(), MaxNote);
    }

    private static void AppendWithoutCi(StringBuilder text, IReadOnlyList<string>? withoutCi)
    {
        if (withoutCi is { Count: > 0 })
        {
            text.Append(CultureInfo.InvariantCulture, $"Not in Affected CIs (no servicenow_ci in the inventory, or no single CI of that name): {string.Join(", ", withoutCi)}");
        }
    }

    private static string Join(IEnumerable<string> values)
    {
        var distinct = values.Distinct(StringComparer.Ordinal).ToArray();
        return distinct.Length == 0 ? "(none yet)" : string.Join(", ", distinct);
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
