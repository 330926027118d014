namespace ChatNetOps.Conversation.Rendering;

using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Core.Requests;

/// <summary>The structured result of a request (written before anything human-readable): what <c>status --json</c> prints.</summary>
public static class ResultJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject Build(RunRequest request)
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
            json["devices"] = new JsonArray([.. result.Devices.Select(d => (JsonNode?)new JsonObject
            {
                ["device"] = d.Device,
                ["status"] = Formats.Status(d.Status),
                ["returnCode"] = d.ReturnCode,
                ["outputSha256"] = d.OutputSha256,
                ["outputBytes"] = d.OutputBytes,
                ["durationMs"] = (long)d.Duration.TotalMilliseconds,
                ["error"] = d.Error,
            })]);
        }

        return json;
    }

    public static string ToText(RunRequest request) => Build(request).ToJsonString(Indented);

    private static JsonObject Person(Actor actor) => new()
    {
        ["id"] = actor.MemberId ?? actor.UserId,
        ["name"] = actor.DisplayName,
        ["platform"] = actor.Platform.ToString().ToLowerInvariant(),
    };
}
