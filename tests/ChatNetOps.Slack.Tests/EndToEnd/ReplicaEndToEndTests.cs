namespace ChatNetOps.Slack.Tests.EndToEnd;

using System.Net;
using System.Text.Json.Nodes;
using ChatNetOps.Core.Audit;
using ChatNetOps.Slack.Processing;
using ChatNetOps.Slack.Tests.Fakes;
using static ChatNetOps.Slack.Tests.EndToEnd.SlackHost;

/// <summary>
/// Two bot hosts (replicas A and B) on one SQLite file answering one fake Slack, as Slack's load balancing would have
/// it: a payload or its retry may land on either. Repeat detection and forms live in the shared chat state store.
/// </summary>
public sealed class ReplicaEndToEndTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EventsApiRetry_DeliveredToTheOtherReplica_IsProcessedOnce()
    {
        await using var a = await StartAsync();
        await using var b = StartReplica(a);

        await AssertEventRetryProcessedOnceAsync(a, b, "Ev0REPLICA1", "Ev0REPLICA2");
    }

    [Fact]
    public async Task FormButton_RenderedByOneReplica_OpensItsModalWhenPressedOnTheOther_AndItsSubmissionRejects()
    {
        await using var a = await StartAsync();
        await using var b = StartReplica(a);
        await a.CommandAsync(Bob, IncidentChannel, "clear-ospf-neighbor device=dist-sw-01 neighbor=10.78.10.2");
        var approval = await a.Slack.WaitForAsync(c => c.Method is "chat.postMessage" or "chat.update" && c.Str("text")!.StartsWith("Approval needed", StringComparison.Ordinal), Wait, "approval card");

        Assert.Equal(HttpStatusCode.OK, await b.PressAsync(Carol, approval, "reject"));

        var open = await a.Slack.WaitForAsync("views.open", timeout: Wait);
        Assert.Equal("1337.42.button-trigger", open.Str("trigger_id"));
        Assert.DoesNotContain(a.Slack.CallsTo("chat.postEphemeral"), c => c.RawBody.Contains(SlackWorkProcessor.FormGoneText, StringComparison.Ordinal));
        var view = (JsonObject)open.Json!["view"]!;
        var submission = new JsonObject
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = Carol, ["name"] = "carol" },
            ["view"] = new JsonObject
            {
                ["id"] = "V0REPLICA1",
                ["hash"] = "h1",
                ["callback_id"] = view["callback_id"]?.DeepClone(),
                ["private_metadata"] = view["private_metadata"]?.DeepClone(),
                ["state"] = new JsonObject { ["values"] = new JsonObject { ["reason"] = new JsonObject { ["reason"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "change freeze" } } } },
            },
        };

        // Submitted on A (which rendered the card) and, as a repeat, on B.
        using (var submitted = await a.Client.SendAsync(SignedRequests.Interaction(submission)))
        {
            Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        }

        using (var repeated = await b.Client.SendAsync(SignedRequests.Interaction((JsonObject)submission.DeepClone())))
        {
            Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        }

        await a.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.Contains("change freeze", StringComparison.Ordinal), Wait);
        Assert.Single(await a.Factory.AuditAsync(), e => e.Kind == AuditKind.Rejected && e.Actor.MemberId == "carol");
        Assert.Empty(a.Slack.Violations);
    }
}
