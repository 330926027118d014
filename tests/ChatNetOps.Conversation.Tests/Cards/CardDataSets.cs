using System.Text;
using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;

namespace ChatNetOps.Conversation.Tests.Cards;

/// <summary>Data sets beyond the sample data: edge cases the dialog layer will produce.</summary>
internal static class CardDataSets
{
    /// <summary>(case name, template name, data).</summary>
    public static IEnumerable<(string Case, string Template, JsonNode Data)> All()
    {
        foreach (var name in CardNames.All)
        {
            yield return ($"{name}/sample", name, SampleData(name));
        }

        yield return ("execution-result/40-devices-200KB-output", CardNames.ExecutionResult, LargeExecutionResult());
        yield return ("execution-result/empty", CardNames.ExecutionResult, EmptyExecutionResult());

        foreach (var status in new[] { "queued", "running", "succeeded", "failed", "timedOut", "interrupted" })
        {
            var data = SampleData(CardNames.RequestStatus).AsObject();
            data["status"] = status;
            if (status == "queued")
            {
                data.Remove("approver");
                data.Remove("detail");
                data.Remove("incidentId");
            }

            yield return ($"request-status/{status}", CardNames.RequestStatus, data);
        }

        var readOnlyView = SampleData(CardNames.ApprovalRequest).AsObject();
        readOnlyView["canAct"] = false;
        yield return ("approval-request/read-only-view", CardNames.ApprovalRequest, readOnlyView);
        yield return ("approval-request/with-pre-check", CardNames.ApprovalRequest, ApprovalWithPreCheck());
        yield return ("approval-request/many-targets-no-approver", CardNames.ApprovalRequest, ApprovalManyTargets());
        var requesterView = SampleData(CardNames.ApprovalRequest).AsObject();
        (requesterView["canAct"], requesterView["canCancel"]) = (false, true);
        yield return ("approval-request/requester-view", CardNames.ApprovalRequest, requesterView);

        var expiredSeverity = SampleData(CardNames.SeverityConfirmation).AsObject();
        expiredSeverity["state"] = "expired";
        expiredSeverity["proposedAt"] = "2026-03-14T09:12:00Z";
        expiredSeverity["expiredAt"] = "2026-03-14T09:27:00Z";
        yield return ("severity-confirmation/expired", CardNames.SeverityConfirmation, expiredSeverity);

        yield return ("help/minimal", CardNames.Help, Parse("""{"botName":"ChatNetOps","commands":[{"usage":"help","description":"Show help."}]}"""));
        yield return ("help/empty-tips", CardNames.Help, Parse("""{"botName":"ChatNetOps","commands":[],"tips":[]}"""));
        yield return ("runbook-list/empty", CardNames.RunbookList, Parse("""{"runbooks":[],"shown":0,"total":0}"""));
        yield return ("device-list/empty", CardNames.DeviceList, Parse("""{"devices":[],"total":0}"""));
        yield return ("device-list/null-group-and-lock", CardNames.DeviceList, Parse("""
            {"group":null,"devices":[{"name":"lab-rtr-01","platform":"fortios","site":"lab","groups":[],"lockedBy":null}],"total":1}
            """));
        yield return ("device-list/at-cap", CardNames.DeviceList, DeviceListAtCap());
        yield return ("lock-list/empty", CardNames.LockList, Parse("""{"locks":[],"total":0}"""));
        yield return ("lock-list/null-incident", CardNames.LockList, Parse("""
            {"locks":[{"device":"acc-sw-01","operator":"Bob Brandt","requestId":"R-1","runbook":"bounce-interface","state":"running","incidentId":null,
                       "since":"2026-03-14T09:12:00Z","leaseUntil":"2026-03-14T09:42:00Z"}],"total":1}
            """));
        yield return ("lock-list/at-cap", CardNames.LockList, LockListAtCap());

        var readOnlyForm = Parse("""
            {"runbook":{"name":"verify-ospf","title":"Verify OSPF adjacency","description":"Show OSPF neighbours.","stateChanging":false,"asksDevice":true},
             "devices":[{"name":"lab-rtr-01","label":"lab-rtr-01 (FortiGate, lab)"}],
             "inputs":[{"id":"area","kind":"text","label":"Area","required":false}]}
            """);
        yield return ("request-form/read-only-one-device", CardNames.RequestForm, readOnlyForm);
        yield return ("request-form/no-devices-no-inputs", CardNames.RequestForm, Parse("""
            {"runbook":{"name":"system-status","title":"System status","description":"Show system status.","stateChanging":false,"asksDevice":true},
             "devices":[],"inputs":[]}
            """));
        yield return ("request-form/group-runbook-without-device-input", CardNames.RequestForm, Parse("""
            {"runbook":{"name":"ospf-fleet-check","title":"OSPF fleet check","description":"Check OSPF on every device of a group.","stateChanging":false,"asksDevice":false},
             "devices":[{"name":"lab-rtr-01","label":"lab-rtr-01 (FortiGate, lab)"}],
             "inputs":[{"id":"group","kind":"choice","label":"Group","required":true,"choices":[{"title":"lab","value":"lab"}]}]}
            """));

        yield return ("denied/minimal", CardNames.Denied, Parse("""
            {"reason":"You have no role that grants verify-ospf.","reasonCode":"RoleNotGranted","needed":"Ask a NetOps lead for the operator role.","correlationId":"abc"}
            """));
        var lockNoIncident = SampleData(CardNames.DeviceLocked).AsObject();
        lockNoIncident["lock"]!.AsObject().Remove("incidentId");
        yield return ("device-locked/no-incident", CardNames.DeviceLocked, lockNoIncident);
        foreach (var (status, yours) in new[] { ("awaitingApproval", true), ("queued", true), ("running", true), ("running", false), ("unknown", false) })
        {
            var locked = SampleData(CardNames.DeviceLocked).AsObject();
            locked["yours"] = yours;
            locked["lock"]!["status"] = status;
            yield return ($"device-locked/{(yours ? "yours" : "theirs")}-{status}", CardNames.DeviceLocked, locked);
        }

        var expiredNoIncident = SampleData(CardNames.Expired).AsObject();
        expiredNoIncident.Remove("incidentId");
        yield return ("expired/no-incident", CardNames.Expired, expiredNoIncident);
        yield return ("incident-summary/quiet", CardNames.IncidentSummary, Parse("""
            {"incidentId":"INC-1","title":"Quiet","status":"open","openedAt":"2026-03-14T08:00:00Z",
             "requests":{"total":0,"succeeded":0,"failed":0,"pending":0},"locks":[],"recentRuns":[],"runsTotal":0}
            """));
        yield return ("timeline/empty", CardNames.Timeline, Parse("""{"incidentId":"INC-1","offset":0,"total":0,"page":1,"pages":1,"events":[],"auditChain":{"intact":true,"summary":"Audit chain intact (0 events verified)."}}"""));
        var broken = SampleData(CardNames.Timeline).AsObject();
        broken["auditChain"] = Parse("""{"intact":false,"summary":"AUDIT CHAIN BROKEN at sequence 3: hash mismatch (6 events verified)."}""");
        yield return ("timeline/chain-broken", CardNames.Timeline, broken);
        yield return ("timeline/page-2", CardNames.Timeline, TimelinePage());
        var quietReport = SampleData(CardNames.ReportSummary).AsObject();
        quietReport["topRefusals"] = new JsonArray();
        quietReport["fullReport"] = "Get the full report on the bot host: chatnetops report --since 7d --format html --out report.html";
        yield return ("report-summary/no-refusals", CardNames.ReportSummary, quietReport);
        var brokenReport = SampleData(CardNames.ReportSummary).AsObject();
        brokenReport["auditChain"] = Parse("""{"intact":false,"summary":"CHAIN DOES NOT VERIFY: 1 of 9 partitions broken (day-2026-11-03 at sequence 4: content does not match its hash (the event was altered)); only the events before each break are counted."}""");
        yield return ("report-summary/chain-broken", CardNames.ReportSummary, brokenReport);
        yield return ("alert-incident/pick-a-device", CardNames.AlertIncident, AlertPickADevice());
    }

    /// <summary>No alert named a device of the route: the route's devices to pick from, 100 of them (the most offered).</summary>
    private static JsonObject AlertPickADevice()
    {
        var data = SampleData(CardNames.AlertIncident).AsObject();
        data["devices"] = "none resolved; the route covers group edge-firewalls, group core and group distribution";
        data["lastChanges"] = new JsonArray();
        data["firstStep"] = new JsonObject
        {
            ["text"] = "interface-counters: no alert names a device of this route. Pick one of the route's devices to run it on, for members granted to run it.",
            ["button"] = "Run interface-counters",
            ["choices"] = new JsonArray([.. Enumerable.Range(1, 100).Select(i => (JsonNode?)new JsonObject { ["title"] = $"fw-edge-{i:D3}", ["value"] = $"fw-edge-{i:D3}" })]),
            ["pick"] = new JsonObject { ["interface"] = "port3", ["runbook"] = "interface-counters", ["incidentId"] = "ALR-0123456789" },
        };
        return data;
    }

    public static JsonNode SampleData(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.CardsDirectory, name + ".data.json")))!;

    public static JsonNode Template(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.CardsDirectory, name + ".json")))!;

    /// <summary>A run over 40 devices with 200 KB of output, cut with <see cref="CardLimits"/> as the dialog layer will.</summary>
    public static JsonNode LargeExecutionResult()
    {
        var data = SampleData(CardNames.ExecutionResult).AsObject();
        var devices = Enumerable.Range(1, 40)
            .Select(i => new JsonObject
            {
                ["name"] = $"edge-fw-{i:00}",
                ["status"] = i % 7 == 0 ? "failed" : "succeeded",
                ["returnCode"] = i % 7 == 0 ? 1 : 0,
                ["duration"] = $"{i % 9 + 1}.2 s",
            })
            .ToList();
        var capped = CardLimits.Cap(devices, CardLimits.ListedDevices);
        data["devices"] = new JsonArray([.. capped.Items]);
        data["devicesTotal"] = capped.Total;
        data["status"] = "failed";
        data["returnCode"] = 1;

        var output = new StringBuilder();
        var line = 0;
        while (output.Length < 200 * 1024)
        {
            output.Append("edge-fw-").Append((line % 40 + 1).ToString("00", System.Globalization.CultureInfo.InvariantCulture))
                .Append(" session ").Append(line++).Append(": proto=6 src=10.0.0.1:443 dst=10.0.0.2:51515 state=established \"ok\" ${notABinding}\n");
        }

        data["output"] = CardLimits.TruncateBytes(output.ToString(), CardLimits.OutputBytes).ToCardData();
        var json = new JsonObject { ["devices"] = new JsonArray([.. devices.Select(d => d.DeepClone())]), ["output"] = output.ToString() }.ToJsonString();
        data["resultJson"] = CardLimits.TruncateBytes(json, CardLimits.ResultJsonBytes).ToCardData();
        return data;
    }

    private static JsonNode EmptyExecutionResult()
    {
        var data = SampleData(CardNames.ExecutionResult).AsObject();
        data.Remove("approver");
        data.Remove("incidentId");
        data.Remove("returnCode");
        data["status"] = "interrupted";
        data["devices"] = new JsonArray();
        data["devicesTotal"] = 0;
        data["output"] = CardLimits.TruncateBytes(string.Empty, CardLimits.OutputBytes).ToCardData();
        data["resultJson"] = CardLimits.TruncateBytes("{}", CardLimits.ResultJsonBytes).ToCardData();
        return data;
    }

    /// <summary>More devices than the cap, long names and groups, every third locked, markup in a group name.</summary>
    private static JsonNode DeviceListAtCap()
    {
        var devices = Enumerable.Range(1, 340).Select(i => new JsonObject
        {
            ["name"] = $"dc-ams1-rack{i:000}-leaf-sw-{i:000}",
            ["platform"] = i % 2 == 0 ? "cisco_nxos" : "fortios",
            ["site"] = "ams1-hall-b",
            ["groups"] = new JsonArray("distribution", "datacenter-leaf", "<b>&amp;</b>"),
            ["lockedBy"] = i % 3 == 0 ? "Bartholomew Brandt-Castillo" : null,
        }).ToList();
        var capped = CardLimits.Cap(devices, CardLimits.ListedLines);
        return new JsonObject { ["group"] = "distribution", ["devices"] = new JsonArray([.. capped.Items]), ["total"] = capped.Total };
    }

    /// <summary>More locks than the cap, long operator and runbook names, incidents on every other one.</summary>
    private static JsonNode LockListAtCap()
    {
        var locks = Enumerable.Range(1, 130).Select(i =>
        {
            var item = new JsonObject
            {
                ["device"] = $"dc-ams1-rack{i:000}-leaf-sw",
                ["operator"] = "Bartholomew Brandt-Castillo",
                ["requestId"] = $"REQ-20260314-{i:0000}",
                ["runbook"] = "clear-ospf-neighbor",
                ["state"] = "awaiting approval by Carol Castillo or Dave Dietrich",
                ["since"] = "2026-03-14T09:12:00Z",
                ["leaseUntil"] = "2026-03-14T09:42:00Z",
            };
            if (i % 2 == 0)
            {
                item["incidentId"] = $"INC-{4000 + i}";
            }

            return item;
        }).ToList();
        var capped = CardLimits.Cap(locks, CardLimits.ListedLines);
        return new JsonObject { ["locks"] = new JsonArray([.. capped.Items]), ["total"] = capped.Total };
    }

    /// <summary>The pre-check slot filled: a warning verdict and the rows that matter.</summary>
    private static JsonNode ApprovalWithPreCheck()
    {
        var data = SampleData(CardNames.ApprovalRequest).AsObject();
        data["preCheck"] = Parse("""
            {"verdict":{"name":"warning","label":"Warning"},"summary":"1 of 2 neighbours FULL",
             "rows":[{"title":"198.51.100.167","value":"FULL on Eth1/1"},{"title":"198.51.100.168","value":"INIT on Eth1/2"}]}
            """);
        return data;
    }

    /// <summary>More targets than the card lists, no interface known, and nobody who may approve.</summary>
    private static JsonNode ApprovalManyTargets()
    {
        var data = SampleData(CardNames.ApprovalRequest).AsObject();
        data["targets"] = new JsonArray([.. Enumerable.Range(1, 5).Select(i => (JsonNode)new JsonObject
        {
            ["name"] = $"lab-sw-{i:00}",
            ["about"] = "cisco_ios · lab",
            ["interfaces"] = new JsonArray(),
            ["commands"] = "show version",
        })]);
        data["targetsTotal"] = 9;
        data["approvers"] = Parse("""[{"role":"none","members":"nobody may approve this request here"}]""");
        return data;
    }

    private static JsonNode TimelinePage()
    {
        var events = Enumerable.Range(21, 20).Select(i => (JsonNode)new JsonObject
        {
            ["time"] = $"2026-03-14T10:{i:00}:00Z",
            ["kind"] = "Requested",
            ["actor"] = "Dana Requester",
            ["summary"] = $"verify-ospf on lab-rtr-{i:00}",
        });
        return new JsonObject
        {
            ["incidentId"] = "INC-9",
            ["offset"] = 20,
            ["total"] = 95,
            ["page"] = 2,
            ["pages"] = 5,
            ["events"] = new JsonArray([.. events]),
            ["auditChain"] = new JsonObject { ["intact"] = true, ["summary"] = "Audit chain intact (95 events verified)." },
        };
    }

    private static JsonNode Parse(string json) => JsonNode.Parse(json)!;
}
