namespace ChatNetOps.Slack.Tests.BlockKit;

using System.Text;
using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Slack.Tests.Fakes;

/// <summary>Every card of cards/ with its sample data, plus edge data sets that push Slack's limits.</summary>
public static class CardCases
{
    private static readonly Lazy<CardTemplates> Templates = new(() => CardTemplates.Load(RepoPaths.Cards));

    public static IEnumerable<string> Names => CardNames.All;

    public static JsonNode SampleData(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Cards, name + ".data.json")))!;

    public static JsonObject Render(string name, JsonNode data) => Templates.Value.Render(name, data);

    /// <summary>(case name, card) for every card with sample data and the edge cases.</summary>
    public static IEnumerable<(string Name, JsonObject Card)> All()
    {
        foreach (var name in CardNames.All)
        {
            yield return (name, Render(name, SampleData(name)));
        }

        foreach (var edge in Edges())
        {
            yield return edge;
        }
    }

    public static IEnumerable<(string Name, JsonObject Card)> Edges()
    {
        // The largest execution result the bot sends: output and JSON at the CardLimits budgets, 25 devices, hostile text.
        var result = SampleData(CardNames.ExecutionResult).AsObject();
        var output = new StringBuilder();
        var line = 0;
        while (output.Length < CardLimits.OutputBytes)
        {
            output.Append("Gi1/0/").Append(line++).Append(" <up> & running ``` <!channel> *bold* _it_\n");
        }

        result["output"] = CardLimits.TruncateBytes(output.ToString() + new string('z', 100_000), CardLimits.OutputBytes).ToCardData();
        result["resultJson"] = CardLimits.TruncateBytes(new string('{', 50_000), CardLimits.ResultJsonBytes).ToCardData();
        var devices = new JsonArray();
        for (var i = 0; i < CardLimits.ListedDevices; i++)
        {
            devices.Add(new JsonObject { ["name"] = $"acc-sw-{i:D3}", ["status"] = "succeeded", ["duration"] = "1.2 s", ["returnCode"] = 0 });
        }

        result["devices"] = devices;
        result["devicesTotal"] = 40;

        // Without a parser the output is shown in the card (the largest form); with one it hides behind "Raw output".
        var shown = (JsonObject)result.DeepClone();
        shown.Remove("verdict");
        shown.Remove("table");
        shown["outputShown"] = true;
        yield return ("execution-result/largest", Render(CardNames.ExecutionResult, shown));

        // A parsed fan-out result: the table at its cap, long cells, hostile text.
        var rows = new JsonArray();
        for (var i = 0; i < CardLimits.ResultRows; i++)
        {
            rows.Add(new JsonObject { ["title"] = $"acc-sw-{i:D3}", ["value"] = $"problem · 192.0.2.{i} · EXSTART <!channel> *x* · TenGigabitEthernet1/1/{i}" });
        }

        result["verdict"] = new JsonObject { ["name"] = "problem", ["label"] = "Problem", ["summary"] = "3 of 40 devices ok — " + new string('x', 300) };
        result["table"] = new JsonObject { ["header"] = "Device · Neighbor id · State · Interface", ["rows"] = rows, ["total"] = 400, ["cap"] = CardLimits.ResultRows };
        result["outputShown"] = false;
        yield return ("execution-result/largest-table", Render(CardNames.ExecutionResult, result));

        // Long runbook titles, a list at the cap, escaping everywhere.
        var list = SampleData(CardNames.RunbookList).AsObject();
        var runbooks = new JsonArray();
        for (var i = 0; i < CardLimits.ListedItems; i++)
        {
            runbooks.Add(new JsonObject
            {
                ["name"] = $"runbook-{i}",
                ["title"] = "Title <b>&</b> " + new string('t', 200),
                ["description"] = new string('d', 400),
                ["stateChanging"] = i % 2 == 0,
                ["platforms"] = new JsonArray("cisco_ios", "fortios"),
            });
        }

        list["runbooks"] = runbooks;
        list["shown"] = runbooks.Count;
        list["total"] = 57;
        yield return ("runbook-list/at-cap", Render(CardNames.RunbookList, list));

        // Device and lock lists at the listed-lines cap, with markup and broadcasts in names to escape.
        var deviceList = SampleData(CardNames.DeviceList).AsObject();
        var deviceRows = new JsonArray();
        for (var i = 0; i < CardLimits.ListedLines; i++)
        {
            deviceRows.Add(new JsonObject
            {
                ["name"] = $"dev-{i:D3}",
                ["platform"] = "cisco_ios",
                ["site"] = "ams<1>",
                ["groups"] = new JsonArray("access", "floor-" + i),
                ["lockedBy"] = i % 3 == 0 ? "<!channel> *Mallory* & co" : null,
            });
        }

        deviceList["devices"] = deviceRows;
        deviceList["total"] = CardLimits.ListedLines + 20;
        yield return ("device-list/at-cap", Render(CardNames.DeviceList, deviceList));

        var lockList = SampleData(CardNames.LockList).AsObject();
        var lockRows = new JsonArray();
        for (var i = 0; i < CardLimits.ListedLines; i++)
        {
            lockRows.Add(new JsonObject
            {
                ["device"] = $"dev-{i:D3}",
                ["operator"] = "<!here> Eve & <b>co</b>",
                ["requestId"] = $"REQ-20260314-{i:D4}",
                ["runbook"] = "bounce-interface",
                ["incidentId"] = i % 2 == 0 ? "INC-4242" : null,
                ["since"] = "2026-03-14T09:40:00Z",
                ["leaseUntil"] = "2026-03-14T10:10:00Z",
            });
        }

        lockList["locks"] = lockRows;
        lockList["total"] = CardLimits.ListedLines + 7;
        yield return ("lock-list/at-cap", Render(CardNames.LockList, lockList));

        // A form with many devices (over Slack's 100 options) and long labels.
        var form = SampleData(CardNames.RequestForm).AsObject();
        var choices = new JsonArray();
        for (var i = 0; i < 140; i++)
        {
            choices.Add(new JsonObject { ["name"] = $"dev-{i:D3}", ["label"] = $"dev-{i:D3} " + new string('l', 100) });
        }

        form["devices"] = choices;
        form["runbook"]!["title"] = "A runbook title far longer than a modal title may be";
        yield return ("request-form/many-devices", Render(CardNames.RequestForm, form));

        // Approval with long free text.
        var approval = SampleData(CardNames.ApprovalRequest).AsObject();
        approval["commandIntent"] = new string('c', 5000);
        approval["blastRadius"] = "<!channel> & " + new string('b', 2000);
        yield return ("approval-request/long-text", Render(CardNames.ApprovalRequest, approval));

        // A synthetic card over every limit at once.
        yield return ("synthetic/over-limits", OverLimits());
    }

    public static JsonObject OverLimits()
    {
        var body = new JsonArray
        {
            new JsonObject { ["type"] = "TextBlock", ["text"] = new string('H', 400), ["size"] = "ExtraLarge" },
            new JsonObject { ["type"] = "Image", ["url"] = "https://example.com/topology.png", ["altText"] = "topology" },
            new JsonObject { ["type"] = "Image", ["url"] = "file:///etc/passwd" },
            new JsonObject
            {
                ["type"] = "ColumnSet",
                ["columns"] = new JsonArray(
                    new JsonObject { ["type"] = "Column", ["items"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = "left" }) },
                    new JsonObject { ["type"] = "Column", ["items"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = "right" }) }),
            },
            new JsonObject { ["type"] = "Media", ["sources"] = new JsonArray() },
            new JsonObject { ["type"] = "Input.Text", ["id"] = "note", ["label"] = new string('L', 3000), ["maxLength"] = 90000 },
        };
        for (var i = 0; i < 70; i++)
        {
            body.Add(new JsonObject { ["type"] = "FactSet", ["facts"] = new JsonArray(new JsonObject { ["title"] = "t" + i, ["value"] = new string('v', 2500) }) });
        }

        var actions = new JsonArray();
        for (var i = 0; i < 30; i++)
        {
            actions.Add(new JsonObject
            {
                ["type"] = "Action.Execute",
                ["title"] = new string('B', 100),
                ["verb"] = "approve",
                ["associatedInputs"] = "none",
                ["data"] = new JsonObject { ["requestId"] = "R-1", ["blob"] = new string('x', i == 0 ? 5000 : 10) },
            });
        }

        actions.Add(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Docs", ["url"] = "https://example.com/docs" });
        actions.Add(new JsonObject { ["type"] = "Action.Submit", ["title"] = "Save", ["data"] = new JsonObject { ["verb"] = "save" } });
        actions.Add(new JsonObject { ["type"] = "Action.ShowCard", ["title"] = "More" });
        return new JsonObject { ["type"] = "AdaptiveCard", ["version"] = "1.5", ["body"] = body, ["actions"] = actions };
    }
}
