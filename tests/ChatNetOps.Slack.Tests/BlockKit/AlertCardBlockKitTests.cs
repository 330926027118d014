namespace ChatNetOps.Slack.Tests.BlockKit;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Slack.BlockKit;

/// <summary>The alert card (cards/alert-incident.json) on Slack, with label values an attacker controls.</summary>
public sealed class AlertCardBlockKitTests
{
    private const string Hostile = "<!channel> <@U0ADMIN> <!subteam^S0NOC|@noc> <https://evil.example|click> & *bold*";

    [Fact]
    public void HostileLabels_NeverBecomeMentionsBroadcastsOrLinks_InAnyMrkdwnText()
    {
        var data = CardCases.SampleData(CardNames.AlertIncident).AsObject();
        data["site"] = Hostile;
        data["title"] = Hostile;
        data["alerts"] = Hostile;
        data["lastChanges"]![0]!["requester"] = Hostile;

        var rendering = BlockKitRenderer.Render(CardCases.Render(CardNames.AlertIncident, data), Hostile);
        var json = BlockKitRendererTests.ToJson(rendering.Message);
        var texts = Mrkdwn(json).Append(rendering.Message.Text).ToArray();

        Assert.Contains(texts, t => t.Contains("&lt;!channel&gt; &lt;@U0ADMIN&gt;", StringComparison.Ordinal));
        foreach (var live in new[] { "<!channel>", "<@U0ADMIN>", "<!subteam", "<https://evil.example" })
        {
            Assert.All(texts, t => Assert.DoesNotContain(live, t, StringComparison.Ordinal));
        }

        // The buttons survive: the first step, Confirm/Keep severity, the two links.
        var buttons = json.ToJsonString();
        foreach (var id in new[] { "\"run\"", "\"confirmSeverity\"", "\"rejectSeverity\"", "https://grafana.example.net/d/wan-edge" })
        {
            Assert.Contains(id, buttons, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void NoDeviceResolved_TheRunButtonOpensAFormWithTheRoutesDevices_TheOtherButtonsStayButtons()
    {
        var data = CardCases.SampleData(CardNames.AlertIncident).AsObject();
        data["firstStep"] = new JsonObject
        {
            ["text"] = "interface-counters: no alert names a device of this route. Pick one of the route's devices to run it on.",
            ["button"] = "Run interface-counters",
            ["choices"] = new JsonArray(new JsonObject { ["title"] = "fw-edge-01", ["value"] = "fw-edge-01" }, new JsonObject { ["title"] = "core-rtr-01", ["value"] = "core-rtr-01" }),
            ["pick"] = new JsonObject { ["interface"] = "port3", ["runbook"] = "interface-counters", ["incidentId"] = "ALR-0123456789" },
        };

        var rendering = BlockKitRenderer.Render(CardCases.Render(CardNames.AlertIncident, data), "ALR-0123456789 FIRING");

        // Posted as a message (Confirm/Keep severity and the links need no input); Run opens the device form.
        Assert.False(rendering.IsFormOnly);
        var form = Assert.Single(rendering.Forms, f => f.UsesInputs);
        Assert.Equal("run", form.Verb);
        Assert.Equal(("interface-counters", "port3", "ALR-0123456789"), ((string)form.Data["runbook"]!, (string)form.Data["interface"]!, (string)form.Data["incidentId"]!));
        var modal = BlockKitRendererTests.ToJson(BlockKitRenderer.RenderModal(form, new FormMetadata(form.Id) { Channel = "C0NOC0001" }));
        var select = Assert.Single(modal["blocks"]!.AsArray(), b => (string?)b!["block_id"] == "device")!;
        Assert.Equal(["fw-edge-01", "core-rtr-01"], select["element"]!["options"]!.AsArray().Select(o => (string)o!["value"]!));
        var buttons = BlockKitRendererTests.ToJson(rendering.Message).ToJsonString();
        foreach (var id in new[] { "\"run\"", "\"confirmSeverity\"", "\"rejectSeverity\"" })
        {
            Assert.Contains(id, buttons, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<string> Mrkdwn(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                // Slack parses mentions, broadcasts and links in mrkdwn only (plain_text shows them as typed).
                if ((string?)o["type"] == "mrkdwn" && o["text"] is JsonValue text)
                {
                    yield return text.GetValue<string>();
                }

                foreach (var (_, child) in o)
                {
                    foreach (var inner in Mrkdwn(child))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    foreach (var inner in Mrkdwn(item))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }
}
