namespace ChatNetOps.Slack.Tests.EndToEnd;

using System.Text.Json.Nodes;
using ChatNetOps.Core.Audit;
using ChatNetOps.Slack.Tests.Fakes;
using static ChatNetOps.Slack.Tests.EndToEnd.SlackHost;

/// <summary>Issue 16 on Slack: a typo or a raw CLI line is one ephemeral line to whoever typed it, never a channel post.</summary>
public sealed class QuietAnswerEndToEndTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("stauts R-12345678", "unknown command 'stauts'; did you mean status?")]
    [InlineData("show ip ospf neighbor", "raw commands are not accepted here; verify-ospf does that: verify-ospf device=…")]
    public async Task UsageError_IsOneEphemeralLine_OnlyForWhoeverTypedIt(string line, string expected)
    {
        await using var host = await StartAsync();

        await host.CommandAsync(Alice, IncidentChannel, line);

        var hint = await host.Slack.WaitForAsync(c => c.Method is "response_url" or "chat.postEphemeral" && c.Str("text")?.Contains(expected, StringComparison.Ordinal) == true, Wait, "the hint");
        if (hint.Method == "response_url")
        {
            Assert.Equal("ephemeral", hint.Str("response_type"));
        }
        else
        {
            Assert.Equal(Alice, hint.Str("user"));
        }

        // One line of text: a single section (or none), no buttons, no header of a red card.
        Assert.DoesNotContain('\n', hint.Str("text") ?? string.Empty);
        Assert.DoesNotContain("Request refused", hint.RawBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Refused", hint.Str("text")!, StringComparison.Ordinal);
        Assert.True((hint.Blocks ?? []).Count <= 1, hint.RawBody);
        Assert.Empty(host.Slack.CallsTo("chat.postMessage"));
        var usage = Assert.Single(await host.Factory.AuditAsync(), e => e.Kind == AuditKind.Usage);
        Assert.Null(usage.Incident);
        Assert.Equal("INC-1001", usage.Details["incident"]);
        Assert.Empty(host.Slack.Violations);
        Assert.Empty(await SlackTypesChecker.CheckAsync([("hint", "message", (JsonNode)new JsonObject { ["text"] = hint.Json!["text"]?.DeepClone(), ["blocks"] = hint.Json["blocks"]?.DeepClone() })]));
    }

    [Fact]
    public async Task ApprovalCard_CarriesTheCommandsAndWhoCanApprove_WithinBlockKitLimits()
    {
        await using var host = await StartAsync();

        await host.CommandAsync(Bob, IncidentChannel, "bounce-interface device=dist-sw-01 interface=Ethernet1/1");
        var approval = await host.Slack.WaitForAsync(c => c.Method is "chat.postMessage" or "chat.update" && c.Str("text")!.StartsWith("Approval needed", StringComparison.Ordinal), Wait, "approval card");

        var blocks = approval.Blocks!.ToJsonString();
        Assert.Contains("configure terminal\\ninterface Ethernet1/1\\nshutdown\\nno shutdown\\nend", blocks, StringComparison.Ordinal);
        Assert.Contains("Ethernet1/1: Uplink to core-rtr-01 (OSPF area 0)", blocks, StringComparison.Ordinal);
        Assert.Contains("change-approver", blocks, StringComparison.Ordinal);
        Assert.Contains("Carol Castillo, Dave Dietrich", blocks, StringComparison.Ordinal);
        Assert.Empty(host.Slack.Violations);
        Assert.Empty(await SlackTypesChecker.CheckAsync([("approval", "message", (JsonNode)new JsonObject { ["text"] = approval.Json!["text"]?.DeepClone(), ["blocks"] = approval.Json["blocks"]?.DeepClone() })]));
    }
}
