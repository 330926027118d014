namespace ChatNetOps.Core.Reports;

using System.Text.Json;

/// <summary>The report as JSON: durations in milliseconds, <c>null</c> where the trail records no data.</summary>
public static class ReportJson
{
    public static void Write(OperationsReport report, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartObject("chain");
        w.WriteBoolean("verified", report.Chain.Intact);
        w.WriteString("verdict", report.Chain.Describe());
        w.WriteNumber("partitions", report.Chain.PartitionsRead);
        w.WriteNumber("verifiedEvents", report.Chain.VerifiedEvents);
        w.WriteStartArray("broken");
        foreach (var b in report.Chain.Broken)
        {
            w.WriteStartObject();
            w.WriteString("partition", b.Partition);
            w.WriteNumber("verifiedEvents", b.Events);
            w.WriteString("firstBrokenEvent", b.FirstBroken?.Id);
            w.WriteString("problem", b.Problem);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteString("since", report.Query.Since);
        w.WriteString("until", report.Query.Until);
        w.WriteString("incident", report.Query.Incident);
        w.WriteString("generatedAt", report.GeneratedAt);
        w.WriteNumber("eventsInRange", report.EventsInRange);
        Array(w, "noData", report.NoData, (x, s) => x.WriteStringValue(s));
        Array(w, "refusals", report.Refusals, (x, r) =>
        {
            x.WriteString("reason", r.Reason);
            x.WriteString("runbook", r.Runbook);
            x.WriteString("role", r.Role);
            x.WriteString("channelKind", r.ChannelKind);
            x.WriteNumber("count", r.Count);
        });
        Array(w, "notUnderstood", report.NotUnderstood, (x, p) =>
        {
            x.WriteString("phrase", p.Phrase);
            x.WriteNumber("count", p.Count);
            x.WriteNumber("countMayOverstateBy", p.Error);
        });
        Array(w, "approvals", report.Approvals, (x, a) =>
        {
            x.WriteString("runbook", a.Runbook);
            x.WriteString("approverRole", a.ApproverRole);
            x.WriteNumber("approved", a.Approved);
            x.WriteNumber("rejected", a.Rejected);
            Stat(x, "latency", a.Latency);
        });
        w.WriteNumber("selfApprovalAttempts", report.SelfApprovalAttempts);
        Array(w, "expiredUnapproved", report.ExpiredUnapproved, Count("runbook"));
        Array(w, "incidentTimings", report.IncidentTimings, (x, m) =>
        {
            x.WriteString("milestone", m.Milestone);
            Stat(x, "duration", m.Stat);
        });
        Array(w, "runs", report.Runs, (x, r) =>
        {
            x.WriteString("runbook", r.Runbook);
            x.WriteString("platform", r.Platform);
            x.WriteNumber("runs", r.Runs);
            x.WriteNumber("succeeded", r.Succeeded);
            x.WriteNumber("failed", r.Failed);
            x.WriteNumber("timedOut", r.TimedOut);
            x.WriteNumber("interrupted", r.Interrupted);
            Number(x, "regressions", r.Regressions);
            Number(x, "rollbacks", r.Rollbacks);
            Stat(x, "duration", r.Duration);
        });
        Array(w, "lockRefusals", report.LockRefusals, Count("device"));
        Array(w, "incidents", report.Incidents, (x, i) =>
        {
            x.WriteString("id", i.Id);
            x.WriteString("title", i.Title);
            x.WriteString("severity", i.Severity);
            x.WriteString("summary", ReportMarkdown.IncidentLine(i));
            Time(x, "openedAt", i.OpenedAt);
            Time(x, "closedAt", i.ClosedAt);
            x.WriteNumber("requests", i.Requests);
            x.WriteNumber("refusals", i.Refusals);
            x.WriteString("measuredFrom", i.Origin);
            Ms(x, "alertToIncidentMs", i.AlertToIncident);
            Ms(x, "toFirstReadOnlyMs", i.ToFirstReadOnly);
            Ms(x, "toFirstChangeMs", i.ToFirstChange);
            Ms(x, "toMitigationMs", i.ToMitigation);
            Ms(x, "toResolutionMs", i.ToResolution);
            Flag(x, "exported", i.Exported);
            Flag(x, "ticketSent", i.Ticketed);
        });
        w.WriteEndObject();
    }

    private static Action<Utf8JsonWriter, CountRow> Count(string key) => (x, c) =>
    {
        x.WriteString(key, c.Key);
        x.WriteNumber("count", c.Count);
    };

    private static void Array<T>(Utf8JsonWriter w, string name, IEnumerable<T> items, Action<Utf8JsonWriter, T> write)
    {
        w.WriteStartArray(name);
        foreach (var item in items)
        {
            if (item is string)
            {
                write(w, item);
                continue;
            }

            w.WriteStartObject();
            write(w, item);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Stat(Utf8JsonWriter w, string name, DurationStat? stat)
    {
        if (stat is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        w.WriteNumber("count", stat.Count);
        Ms(w, "p50Ms", stat.P50);
        Ms(w, "p95Ms", stat.P95);
        w.WriteEndObject();
    }

    private static void Ms(Utf8JsonWriter w, string name, TimeSpan? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, (long)v.TotalMilliseconds);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Number(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Flag(Utf8JsonWriter w, string name, bool? value)
    {
        if (value is { } v)
        {
            w.WriteBoolean(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Time(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            w.WriteString(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
