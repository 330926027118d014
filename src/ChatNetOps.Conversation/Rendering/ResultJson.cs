namespace ChatNetOps.Conversation.Rendering;

using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Core.Parsing;
using ChatNetOps.Core.Requests;

/// <summary>The structured result of a request (written before anything human-readable): what <c>status --json</c> prints.</summary>
public static class ResultJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <param name="outputs">The stored (redacted) output per device, included as <c>output</c> when given.</param>
    public static JsonObject Build(RunRequest request, IReadOnlyList<StoredOutput>? outputs = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var json = new JsonObject
        {
            ["requestId"] = request.Id,
            ["runbook"] = request.Runbook,
            ["runbookVersion"] = request.RunbookVersion,
            ["mode"] = request.IsStateChanging ? "state-changing" : "read-only",
            ["status"] = Formats.Status(request.Status),
            ["targets"] = new JsonArray([.. request.Targets.Select(t => (JsonNode?)JsonValue.Create(t))]),
            ["inputs"] = new JsonObject(request.Inputs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
            ["incident"] = request.Incident,
            ["requestedBy"] = Person(request.Requester),
            ["requestedAt"] = Formats.Time(request.CreatedAt),
            ["updatedAt"] = Formats.Time(request.UpdatedAt),
            ["approvalHash"] = request.ApprovalHash,
        };
        if (request.Decision is { } decision)
        {
            json[decision.Approved ? "approvedBy" : "rejectedBy"] = Person(decision.By);
            json["decidedAt"] = Formats.Time(decision.At);
            if (decision.Reason is not null)
            {
                json["reason"] = decision.Reason;
            }
        }

        if (request.StatusReason is not null)
        {
            json["statusReason"] = request.StatusReason;
        }

        if (request.Result is { } result)
        {
            json["returnCode"] = result.ReturnCode;
            json["outputSha256"] = result.OutputSha256;
            json["startedAt"] = Formats.Time(result.StartedAt);
            json["finishedAt"] = Formats.Time(result.FinishedAt);
            json["durationMs"] = (long)result.Duration.TotalMilliseconds;
            if (result.Devices.Select(d => d.Parsed).OfType<ParsedOutput>().ToList() is { Count: > 0 } parsed)
            {
                json["verdict"] = Verdicts.Name(parsed.Max(p => p.Verdict));
                if (result.Devices.Count == 1)
                {
                    json["summary"] = parsed[0].Summary;
                }
            }

            json["devices"] = new JsonArray([.. result.Devices.Select(d => (JsonNode?)Device(d, outputs?.FirstOrDefault(o => string.Equals(o.Device, d.Device, StringComparison.OrdinalIgnoreCase))))]);
        }

        return json;
    }

    public static string ToText(RunRequest request, IReadOnlyList<StoredOutput>? outputs = null) => Build(request, outputs).ToJsonString(Indented);

    private static JsonObject Device(DeviceRunSummary d, StoredOutput? output)
    {
        var json = new JsonObject
        {
            ["device"] = d.Device,
            ["status"] = Formats.Status(d.Status),
            ["returnCode"] = d.ReturnCode,
            ["outputSha256"] = d.OutputSha256,
            ["outputBytes"] = d.OutputBytes,
            ["durationMs"] = (long)d.Duration.TotalMilliseconds,
            ["error"] = d.Error,
        };
        if (d.Answers is { Count: > 0 } answers)
        {
            // Questions the device asked and the declared answers typed (from runbooks.yaml; never secrets).
            json["answered"] = new JsonArray([.. answers.Select(a => (JsonNode?)new JsonObject
            {
                ["command"] = a.Command,
                ["commandText"] = a.CommandText,
                ["question"] = a.Question,
                ["answer"] = a.Answer,
            })]);
        }

        if (d.Parsed is { } parsed)
        {
            json["verdict"] = Verdicts.Name(parsed.Verdict);
            json["summary"] = parsed.Summary;
            json["recognised"] = parsed.Recognised;
            if (parsed.Reason is not null)
            {
                json["notRecognisedBecause"] = parsed.Reason;
            }

            json["key"] = parsed.Key;
            json["rows"] = new JsonArray([.. parsed.Rows.Select(r =>
            {
                var row = new JsonObject { ["verdict"] = Verdicts.Name(r.Verdict) };
                foreach (var column in parsed.Columns.Where(r.Values.ContainsKey))
                {
                    row[column] = r.Values[column];
                }

                return (JsonNode?)row;
            })]);
            json["rowsTotal"] = Math.Max(parsed.TotalRows, parsed.Rows.Count);
        }

        if (output is not null)
        {
            // The output as stored: redacted, and cut at the stated cap when it was larger.
            json["output"] = output.Text;
            json["outputRedacted"] = true;
            if (output.Truncated)
            {
                json["outputStoredBytes"] = output.CapBytes;
            }
        }

        return json;
    }

    private static JsonObject Person(Actor actor) => new()
    {
        ["id"] = actor.MemberId ?? actor.UserId,
        ["name"] = actor.DisplayName,
        ["platform"] = actor.Platform.ToString().ToLowerInvariant(),
    };
}
