namespace ChatNetOps.Conversation.Tests.Dialog;

using System.Text.Json.Nodes;
using ChatNetOps.Testing.Lifecycle;

/// <summary>Issue 17: the incident card's "Attach my runs" lists the presser's own read-only runs on the incident's devices.</summary>
public sealed class AttachButtonTests
{
    [Fact]
    public async Task AttachMyRuns_ListsOnlyThePressersOwnRunsOnTheIncidentsDevices_WithTheCommandThatAttachesEach()
    {
        await using var h = LifecycleHarness.Create();
        var bobsOspf = Assert.Single((await h.SayAsync("bob", "verify-ospf device=dist-sw-01")).Messages).RequestId!;
        await h.RunNextJobAsync();
        var bobsOther = Assert.Single((await h.SayAsync("bob", "system-status device=core-rtr-01")).Messages).RequestId!;
        await h.RunNextJobAsync();
        var alices = Assert.Single((await h.SayAsync("alice", "verify-ospf device=dist-sw-01")).Messages).RequestId!;
        await h.RunNextJobAsync();

        var opened = await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        Assert.Contains("attachRuns", opened.Messages[0].Card!["actions"]!.AsArray().Select(a => a!["verb"]!.GetValue<string>()));
        await h.SayAsync("bob", "clear-ospf-neighbor device=dist-sw-01 neighbor=198.51.100.167");

        var answer = Assert.Single((await h.PressAsync("bob", "attachRuns", new JsonObject { ["incidentId"] = "INC-4242" })).Messages);
        Assert.True(answer.Ephemeral);
        Assert.Contains($"incident attach {bobsOspf}", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(bobsOther, answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(alices, answer.Text, StringComparison.Ordinal);

        var elsewhere = Assert.Single((await h.PressAsync("bob", "attachRuns", new JsonObject { ["incidentId"] = "INC-4242" }, LifecycleHarness.ConsoleConversation("console-2"))).Messages);
        Assert.DoesNotContain(bobsOspf, elsewhere.Text, StringComparison.Ordinal);
    }
}
